#!/usr/bin/env python3
"""mytorch-playground end to end, in a real browser: Debian's chromium, driven through chromedriver by
python3-selenium (the test set-up installs all three: scripts/setup with --tests).

  browser_test.py --playground BIN --softmax BIN --eval BIN --out DIR [--screenshot PNG]

It starts the server on a free port and, in the page: presses play and waits until the default
spiral is learned (test accuracy >= 95 % within a minute, the page answering all the while), selects
a sample and checks the Jacobian table against mytorch-softmax run on that sample's Z, downloads the
model and evaluates it with mytorch-eval, uploads a CSV and loads the model back, loads a URL that
carries a setup, plays two tabs at once, and saves a screenshot. Exits 77 (ctest: skipped) when the browser, its driver or selenium is missing.
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

SKIPPED = 77
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("skipped: python3-selenium is not installed (scripts/setup installs it with --tests)")
    sys.exit(SKIPPED)
for program in (CHROMIUM, CHROMEDRIVER):
    if not os.path.exists(program):
        print(f"skipped: {program} is missing (Debian's chromium and chromium-driver; scripts/setup installs them "
              "with --tests)")
        sys.exit(SKIPPED)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def start_server(playground):
    server = subprocess.Popen([playground, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    match = re.match(r"mytorch-playground: (http://127\.0\.0\.1:(\d+)/)$", line.strip())
    check(match, f"the server printed {line!r}, not its URL")
    return server, match.group(1)


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1440,1900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def accuracy(driver):
    """The page's test accuracy in percent, or -1 before the first state."""
    shown = text(driver, "test-accuracy")
    return float(shown.rstrip(" %")) if shown.endswith("%") else -1


def play_until_learned(driver, limit_seconds):
    """Presses play and waits for test accuracy >= 95 %; returns the seconds it took. Meanwhile the
    page must keep answering: every script call returns in under a second."""
    driver.find_element(By.ID, "play").click()
    start = time.time()
    slowest = 0
    while accuracy(driver) < 95:
        check(time.time() - start < limit_seconds, f"test accuracy {accuracy(driver)} % after {limit_seconds} s")
        asked = time.time()
        driver.execute_script("return document.getElementById('epoch').textContent")
        slowest = max(slowest, time.time() - asked)
        time.sleep(0.05)
    took = time.time() - start
    check(slowest < 1.0, f"the page took {slowest:.2f} s to answer while training")
    driver.find_element(By.ID, "play").click()  # pause
    WebDriverWait(driver, 10).until(lambda d: "playing" not in d.find_element(By.ID, "play").get_attribute("class"))
    return took, slowest


def mytorch_softmax_jacobian(softmax, command):
    """Runs the mytorch-softmax command the page shows for the sample; returns the J it prints."""
    z, dlda = re.match(r'mytorch-softmax --z "([^"]+)" --dlda "([^"]+)"', command).groups()
    out = subprocess.run([softmax, "--z", z, "--dlda", dlda], capture_output=True, text=True, check=True).stdout
    block = out.split("J(1) =")[1].split("\n\n")[0]
    return [[float(x) for x in row.split(",")] for row in re.findall(r"\[([^\]]+)\]", block)]


def check_sample(driver, softmax, index):
    field = driver.find_element(By.ID, "sample-index")
    field.clear()
    field.send_keys(str(index), Keys.TAB)
    WebDriverWait(driver, 20).until(lambda d: text(d, "softmax-command").startswith("mytorch-softmax"))
    WebDriverWait(driver, 20).until(lambda d: text(d, "sample-summary").startswith(f"sample {index}:"))
    cells = [float(td.text) for td in driver.find_elements(By.CSS_SELECTOR, "#jacobian td")]
    labels = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#jacobian th")]
    expected = mytorch_softmax_jacobian(softmax, text(driver, "softmax-command"))
    C = len(expected)
    check(len(cells) == C * C, f"#jacobian has {len(cells)} td cells, expected {C}x{C}")
    check(len(labels) == 2 * C + 1, f"#jacobian has {len(labels)} th cells, expected {2 * C + 1}")
    for m in range(C):
        for n in range(C):
            shown = cells[m * C + n]
            check(abs(shown - expected[m][n]) <= 1.01e-4,
                  f"J[{m}][{n}] is {shown} on the page, mytorch-softmax says {expected[m][n]}")
    return C, expected


def download_and_evaluate(driver, evaluate, out_dir):
    href = driver.find_element(By.ID, "download").get_attribute("href")
    path = os.path.join(out_dir, "model.npz")
    with urllib.request.urlopen(href) as response, open(path, "wb") as file:
        file.write(response.read())
    result = subprocess.run([evaluate, "--model", path, "--json"], capture_output=True, text=True)
    check(result.returncode == 0, f"mytorch-eval refused the downloaded model: {result.stderr}")
    evaluated = 100 * json.loads(result.stdout)["test_accuracy"]
    shown = accuracy(driver)
    check(abs(evaluated - shown) < 0.06, f"mytorch-eval says {evaluated:.2f} %, the page {shown} %")
    return evaluated


def upload_csv_and_load_model(driver, out_dir, model, epoch):
    """Own data through the page's file input, then the model downloaded before, loaded back."""
    csv = os.path.join(out_dir, "rings.csv")
    with open(csv, "w") as file:
        file.write("# x, y, label\n")
        for i in range(300):
            radius = 1 + i % 3
            angle = 0.37 * i
            file.write(f"{radius * math.cos(angle):.4f},{radius * math.sin(angle):.4f},{i % 3}\n")
    driver.find_element(By.ID, "csv-file").send_keys(csv)
    WebDriverWait(driver, 20).until(lambda d: "--dataset csv:PATH/rings.csv" in text(d, "command"))
    check("240 training points, 60 test points" in text(driver, "data-note"), text(driver, "data-note"))
    check("--dataset csv:PATH/rings.csv" in text(driver, "eval-note"), "the page says how to evaluate it")
    driver.find_element(By.ID, "model-file").send_keys(model)
    WebDriverWait(driver, 20).until(lambda d: text(d, "command").startswith("mytorch-train --dataset spiral "))
    check(text(driver, "epoch") == epoch, f"the loaded model is at epoch {text(driver, 'epoch')}, not {epoch}")


def check_url_state(driver, base):
    driver.get(base + "?dataset=moons:noise=0.23&hidden=8,8&activation=relu&optimizer=sgd&lr=0.03")
    WebDriverWait(driver, 20).until(lambda d: "--hidden 8,8" in text(d, "command"))
    check(Select(driver.find_element(By.ID, "dataset")).first_selected_option.text == "moons", "dataset is not moons")
    widths = [e.get_attribute("value") for e in driver.find_elements(By.CSS_SELECTOR, "#widths input")]
    check(widths == ["8", "8"], f"hidden widths {widths}, expected 8, 8")
    check(Select(driver.find_element(By.ID, "activation")).first_selected_option.text == "relu", "activation")
    check(Select(driver.find_element(By.ID, "lr")).first_selected_option.text == "0.03", "learning rate")
    command = text(driver, "command")
    check("--dataset moons:noise=0.23 --hidden 8,8 --activation relu --optimizer sgd --lr 0.03" in command, command)
    check("dataset=moons:noise=0.23&hidden=8,8&activation=relu" in driver.current_url, driver.current_url)
    # A control changes the run and the URL, and leaves the other settings as they were.
    Select(driver.find_element(By.ID, "activation")).select_by_visible_text("gelu")
    WebDriverWait(driver, 20).until(lambda d: "dataset=moons:noise=0.23&hidden=8,8&activation=gelu" in d.current_url)
    Select(driver.find_element(By.ID, "dataset")).select_by_visible_text("circles")
    WebDriverWait(driver, 20).until(lambda d: "dataset=circles&" in d.current_url)


def two_tabs(driver, base):
    """Two tabs, two sessions: both train at once, each its own run."""
    driver.get(base + "?dataset=xor&hidden=4")
    WebDriverWait(driver, 20).until(lambda d: accuracy(d) >= 0)
    driver.find_element(By.ID, "play").click()
    first = driver.current_window_handle
    driver.switch_to.new_window("tab")
    driver.get(base + "?dataset=blobs:classes=5&hidden=6")
    WebDriverWait(driver, 20).until(lambda d: accuracy(d) >= 0)
    driver.find_element(By.ID, "play").click()
    WebDriverWait(driver, 30).until(lambda d: int(text(d, "epoch")) >= 2)
    check("--dataset blobs:classes=5 --hidden 6" in text(driver, "command"), "the second tab's run")
    driver.close()
    driver.switch_to.window(first)
    check("--dataset xor --hidden 4" in text(driver, "command"), "the first tab's run")
    WebDriverWait(driver, 30).until(lambda d: int(text(d, "epoch")) >= 2)


def unsure_test_sample(driver):
    """A test sample the model is least sure of (its Jacobian has the largest entries), asked of the API."""
    href = driver.find_element(By.ID, "download").get_attribute("href")
    state = href.replace("/api/model?", "/api/state?")
    best, lowest = None, 2
    first_test, tests = driver.execute_script("return [view.data.train, view.data.test]")
    for index in range(first_test, first_test + tests, 3):
        with urllib.request.urlopen(f"{state}&sample={index}") as response:
            trace = json.load(response)["sample"]
        if max(trace["A"]) < lowest:
            best, lowest = index, max(trace["A"])
    return best


def screenshot(driver, base, softmax, path):
    driver.get(base)
    WebDriverWait(driver, 20).until(lambda d: accuracy(d) >= 0)
    play_until_learned(driver, 60)
    driver.find_element(By.ID, "play").click()  # a little longer, for a clean boundary
    time.sleep(4)
    driver.find_element(By.ID, "play").click()
    WebDriverWait(driver, 10).until(lambda d: "playing" not in d.find_element(By.ID, "play").get_attribute("class"))
    check_sample(driver, softmax, unsure_test_sample(driver))
    driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.5)
    driver.save_screenshot(path)


def main():
    parser = argparse.ArgumentParser()
    for flag in ("--playground", "--softmax", "--eval", "--out"):
        parser.add_argument(flag, required=True)
    parser.add_argument("--screenshot", help="also copy the screenshot there (docs/images/playground.png)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    server, base = start_server(args.playground)
    profile = tempfile.mkdtemp(prefix="mytorch-chromium-")
    driver = None
    try:
        driver = browser(profile)
        driver.get(base)
        WebDriverWait(driver, 20).until(lambda d: accuracy(d) >= 0)
        check(driver.title == "mytorch playground", f"title {driver.title!r}")
        took, slowest = play_until_learned(driver, 60)
        print(f"default spiral: test accuracy {accuracy(driver)} % after {took:.1f} s of play, epoch "
              f"{text(driver, 'epoch')}; slowest page answer while training {1000 * slowest:.0f} ms")
        C, _ = check_sample(driver, softmax=args.softmax, index=7)
        print(f"Jacobian table of sample 7: {C}x{C}, equal to mytorch-softmax's")
        print(f"downloaded model.npz: mytorch-eval {download_and_evaluate(driver, args.eval, args.out):.2f} %")
        upload_csv_and_load_model(driver, args.out, os.path.join(args.out, "model.npz"), text(driver, "epoch"))
        print("a CSV uploaded through the page, then the model.npz loaded back")
        check_url_state(driver, base)
        print("a URL with settings: the controls, the command line and the run follow it")
        two_tabs(driver, base)
        print("two tabs trained at once, each its own run")
        shot = os.path.join(args.out, "playground.png")
        screenshot(driver, base, args.softmax, shot)
        if args.screenshot:
            shutil.copyfile(shot, args.screenshot)
        print(f"screenshot: {shot}")
        problems = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        check(not problems, f"the browser console reported errors: {problems}")
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
    print("playground browser test: passed")


if __name__ == "__main__":
    main()
