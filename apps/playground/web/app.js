// mytorch playground — the page. It holds no model of its own: it sends the settings to the server
// (apps/playground/handler.hpp lists the requests), draws what the server answers, and asks for the
// live state up to ten times a second while training runs.
'use strict';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
                '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const NEGATIVE = [245, 147, 34], POSITIVE = [8, 119, 189];  // heatmaps: orange < 0 < blue
const $ = (id) => document.getElementById(id);

let session = null;   // this tab's session id
let view = null;      // the server's last whole picture: settings (query), data, limits, choices
let state = null;     // the last live state
let generation = -1;  // which run the curves belong to
let epochs = [];      // [epoch, train loss, train accuracy, test loss, test accuracy] per epoch
let hidden = [];      // the hidden widths the controls show
let sample = null;    // the selected sample's index
let polling = false;
let lossChart = null, accuracyChart = null;

// ---- talking to the server ----------------------------------------------------------------------

async function api(method, path, body) {
  const response = await fetch(path, {method, body: method === 'POST' ? (body ?? '') : undefined});
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).error; } catch (e) { /* not JSON: keep the status */ }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

function stateQuery() {
  return `id=${session}&history=${epochs.length}` + (sample === null ? '' : `&sample=${sample}`);
}

async function poll() {
  if (polling || !session) return;
  polling = true;
  try {
    showState(await api('GET', `/api/state?${stateQuery()}`));
  } catch (e) {
    failed(e);
  } finally {
    polling = false;
  }
}

async function control(action) {
  try {
    showState(await api('POST', `/api/control?${stateQuery()}&action=${action}`));
  } catch (e) {
    failed(e);
  }
}

/// A new session with the settings in `query` (the page's URL); the defaults if they are refused.
async function start(query) {
  try {
    showView(await api('POST', `/api/session?${query}`));
  } catch (e) {
    if (e.status !== 400) return failed(e);
    say(`The link's settings were refused: ${e.message}. Showing the defaults.`);
    showView(await api('POST', '/api/session'));
  }
}

/// Sends a changed setting; the server answers with a new run (or says why not).
async function configure(body, path = '/api/settings', extra = '') {
  try {
    showView(await api('POST', `${path}?id=${session}${extra}`, body));
  } catch (e) {
    failed(e);
    if (view) showSettings(view);  // the controls go back to what runs
  }
}

function changed(control) {
  configure(undefined, '/api/settings', '&' + settingsQuery(control).toString());
}

function failed(e) {
  if (e.status === 404 && session) {  // the session expired (or the server restarted): a new one
    session = null;
    say('The session had expired: started a new one with the same settings.');
    start(view ? view.query : '');
    return;
  }
  say(e.message);
}

function say(message) {
  const box = $('message');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { box.hidden = true; }, 10000);
}

// ---- settings: controls ⇄ URL query ------------------------------------------------------------

/// The controls as URL parameters (mytorch-train's flag names). `control` is the one just changed:
/// a new dataset kind starts from its own defaults; the dataset's other settings are kept exactly
/// as they are (the noise slider, for one, shows them rounded to its steps).
function settingsQuery(control) {
  const kind = $('dataset').value, toy = view.data.toy;
  let dataset = kind;
  if (control !== 'dataset' && toy && toy.kind === kind) {
    const value = (id) => (id === control ? $(id).value : toy[id]);
    const parts = [`points=${value('points')}`, `noise=${value('noise')}`];
    if (kind === 'spiral' || kind === 'blobs') parts.push(`classes=${value('classes')}`);
    if (kind === 'circles') parts.push(`factor=${toy.factor}`);
    dataset += ':' + parts.join(',');
  }
  return new URLSearchParams({
    dataset, hidden: hidden.join(','), activation: $('activation').value,
    batchnorm: $('batchnorm').checked ? 'true' : 'false', dropout: $('dropout').value,
    optimizer: $('optimizer').value, lr: $('lr').value, momentum: $('momentum').value,
    'weight-decay': $('weight-decay').value, 'batch-size': $('batch-size').value,
    seed: $('seed').value || '0', 'steps-per-second': $('steps-per-second').value,
  });
}

/// Selects value in a <select>, adding it as an option first if a link asked for another one.
function choose(select, value) {
  value = String(value);
  if (![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
  select.value = value;
}

function fillChoices(select, values) {
  if (select.options.length) return;
  for (const v of values) select.add(new Option(v, v));
}

function showSettings(v) {
  const s = new URLSearchParams(v.query);
  fillChoices($('activation'), v.choices.activation);
  fillChoices($('optimizer'), v.choices.optimizer);
  const toy = v.data.toy;
  choose($('dataset'), toy ? toy.kind : s.get('dataset'));
  if (toy) {
    choose($('points'), toy.points);
    choose($('classes'), toy.classes);
    $('noise').value = toy.noise;
    $('noise-value').textContent = toy.noise;
  }
  for (const id of ['points', 'classes', 'noise']) $(id).disabled = !toy;
  $('classes-row').hidden = !toy || !['spiral', 'blobs'].includes(toy.kind);
  hidden = s.get('hidden') ? s.get('hidden').split(',').map(Number) : [];
  showWidths();
  for (const id of ['activation', 'dropout', 'optimizer', 'lr', 'momentum', 'weight-decay', 'batch-size',
                    'steps-per-second']) choose($(id), s.get(id));
  $('batchnorm').checked = s.get('batchnorm') === 'true';
  $('seed').value = s.get('seed');
  $('momentum-row').hidden = s.get('optimizer') !== 'sgd';
  $('weight-decay-row').hidden = s.get('optimizer') !== 'adamw';
}

function showWidths() {
  $('layer-count').textContent = hidden.length;
  const box = $('widths');
  box.replaceChildren();
  hidden.forEach((width, l) => {
    const input = document.createElement('input');
    Object.assign(input, {type: 'number', min: 1, max: view.limits.max_width, value: width,
                          title: `neurons in hidden layer ${l + 1}`});
    input.addEventListener('change', () => {
      hidden[l] = Math.max(1, Math.min(view.limits.max_width, Math.round(Number(input.value)) || 1));
      changed();
    });
    box.append(input);
  });
}

// ---- the whole picture and the live state ---------------------------------------------------------

function showView(v) {
  const sameRun = !v.id && state !== null && v.state.generation === state.generation;  // e.g. a new speed
  if (v.id) session = v.id;
  view = v;
  if (!sameRun) sample = null;
  $('sample-index').value = sample ?? '';
  $('sample-index').max = v.data.x.length - 1;
  $('sample-body').hidden = sample === null;
  $('sample-summary').textContent = `${v.data.train + v.data.test} samples: 0 … ${v.data.train - 1} train, ` +
      `${v.data.train} … ${v.data.train + v.data.test - 1} test`;
  showSettings(v);
  history.replaceState(null, '', '/?' + v.query);
  $('share').href = location.origin + '/?' + v.query;
  $('command').textContent = v.command;
  $('download').href = `/api/model?id=${session}`;
  const csv = v.data.dataset.startsWith('csv:');
  $('data-note').textContent = `${v.data.train} training points, ${v.data.test} test points (hollow)` +
      (csv ? ` from ${v.data.dataset.slice(4)}` : '');
  $('eval-note').textContent = csv
      ? `Trained on an uploaded file: evaluate with mytorch-eval --model model.npz --dataset csv:PATH/${v.data.dataset.slice(4)}`
      : 'mytorch-eval --model model.npz tests it; mytorch-train --resume model.npz continues it.';
  showLegend(v.data.classes);
  generation = -1;
  buildLayers(v);
  showState(v.state);
}

function showState(s) {
  state = s;
  if (s.generation !== generation) {  // a new run: new curves
    generation = s.generation;
    epochs = [];
    if (s.history.from !== 0) setTimeout(poll, 0);  // ask again from epoch 0
  }
  if (s.history.from === epochs.length) epochs.push(...s.history.rows);
  const metrics = s.metrics;
  $('epoch').textContent = s.epoch;
  $('step-count').textContent = s.step;
  $('train-loss').textContent = metrics.train ? metrics.train.loss.toFixed(3) : '–';
  $('test-loss').textContent = metrics.test ? metrics.test.loss.toFixed(3) : '–';
  $('test-accuracy').textContent = metrics.test ? (100 * metrics.test.accuracy).toFixed(1) + ' %' : '–';
  $('play').textContent = s.playing ? '\u275a\u275a' : '\u25b6';
  $('play').classList.toggle('playing', s.playing);
  if (s.error) say(s.error);
  drawBoundary();
  drawLayers();
  drawCharts();
  if (s.sample) showSample(s.sample);
}

// ---- drawing ----------------------------------------------------------------------------------------

function showLegend(classes) {
  const legend = $('legend');
  legend.replaceChildren();
  for (let k = 0; k < classes; ++k) {
    const dot = document.createElement('span');
    dot.textContent = '\u25cf';
    dot.style.color = COLORS[k % COLORS.length];
    const key = document.createElement('span');
    key.className = 'key';
    key.append(dot, ` class ${k}`);
    legend.append(key);
  }
  legend.append('\u25cb test point');
}

function bytes(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/// A value in [−1, 1] as a colour: orange below 0, white at 0, blue above.
function diverging(v) {
  const c = v < 0 ? NEGATIVE : POSITIVE, a = Math.min(1, Math.abs(v));
  return c.map((x) => Math.round(255 + (x - 255) * a));
}

/// Paints a G×G grid of colours (color(i) → [r, g, b]) onto ctx, scaled to w×h at (x, y).
function paintGrid(ctx, G, color, x, y, w, h) {
  const image = new ImageData(G, G);
  for (let i = 0; i < G * G; ++i) {
    const [r, g, b] = color(i);
    image.data.set([r, g, b, 255], 4 * i);
  }
  const grid = paintGrid.canvas ??= document.createElement('canvas');
  grid.width = grid.height = G;
  grid.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(grid, x, y, w, h);
}

/// Canvas coordinates of data point i.
function pixel(i, size) {
  const [x0, x1, y0, y1] = view.data.box;
  return [(view.data.x[i] - x0) / (x1 - x0) * size, (y1 - view.data.y[i]) / (y1 - y0) * size];
}

function drawBoundary() {
  const canvas = $('boundary'), ctx = canvas.getContext('2d'), size = canvas.width;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  const b = state.boundary, C = view.data.classes;
  if (b) {
    const predicted = bytes(b.class), confidence = bytes(b.confidence);
    paintGrid(ctx, b.grid, (i) => {  // the class's colour, paler where the model is unsure
      const sure = Math.max(0, (confidence[i] / 255 - 1 / C) / (1 - 1 / C));
      return rgb(COLORS[predicted[i] % COLORS.length]).map((x) => Math.round(255 + (x - 255) * (0.15 + 0.45 * sure)));
    }, 0, 0, size, size);
  }
  const d = view.data;
  for (let i = 0; i < d.x.length; ++i) {
    const [px, py] = pixel(i, size), test = i >= d.train;
    ctx.beginPath();
    ctx.arc(px, py, test ? 3.2 : 2.6, 0, 2 * Math.PI);
    ctx.fillStyle = test ? '#fff' : COLORS[d.label[i] % COLORS.length];
    ctx.strokeStyle = test ? COLORS[d.label[i] % COLORS.length] : '#fff';
    ctx.lineWidth = test ? 1.8 : 0.8;
    ctx.fill();
    ctx.stroke();
  }
  if (sample !== null) {
    const [px, py] = pixel(sample, size);
    ctx.beginPath();
    ctx.arc(px, py, 8, 0, 2 * Math.PI);
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
}

/// One column per hidden layer (its W, then each neuron's heatmap), and the output layer's W.
function buildLayers(v) {
  const box = $('layers');
  box.replaceChildren();
  const sizes = [2, ...hidden, v.data.classes];
  for (let l = 1; l < sizes.length; ++l) {
    const column = document.createElement('div');
    column.className = 'layer';
    const output = l === sizes.length - 1;
    const title = document.createElement('h3');
    title.textContent = output ? `output · ${sizes[l]} classes` : `layer ${l} · ${sizes[l]} × ${$('activation').value}`;
    const weights = document.createElement('canvas');
    weights.className = 'weights';
    const cell = Math.max(2, Math.min(8, Math.floor(128 / Math.max(sizes[l], sizes[l - 1]))));
    weights.width = sizes[l - 1] * cell;
    weights.height = sizes[l] * cell;
    const caption = document.createElement('p');
    caption.className = 'note';
    column.append(title, weights, caption);
    if (!output) {
      const neurons = document.createElement('canvas');
      neurons.className = 'neurons';
      const perRow = Math.min(4, sizes[l]);
      neurons.width = perRow * 34;
      neurons.height = Math.ceil(sizes[l] / perRow) * 34;
      column.append(neurons);
    }
    box.append(column);
  }
}

function drawLayers() {
  const columns = $('layers').children;
  state.weights.forEach((w, l) => {
    const column = columns[l];
    if (!column) return;
    const canvas = column.querySelector('.weights'), ctx = canvas.getContext('2d');
    const W = bytes(w.W), cell = canvas.width / w.cols;
    for (let r = 0; r < w.rows; ++r)
      for (let c = 0; c < w.cols; ++c) {
        ctx.fillStyle = `rgb(${diverging((W[r * w.cols + c] - 128) / 127)})`;
        ctx.fillRect(c * cell, r * cell, cell, cell);
      }
    column.querySelector('p').textContent =
        `W ${w.rows}×${w.cols}: mean |W| ${w.mean_abs?.toFixed(3)}, max ${w.max_abs?.toFixed(3)}`;
  });
  state.neurons.forEach((layer, l) => {
    const canvas = columns[l] && columns[l].querySelector('.neurons');
    if (!canvas) return;
    const ctx = canvas.getContext('2d'), maps = bytes(layer.maps), G = layer.grid, G2 = G * G;
    const perRow = Math.min(4, layer.width);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (let j = 0; j < layer.width; ++j)
      paintGrid(ctx, G, (i) => diverging((maps[j * G2 + i] - 128) / 127),
                (j % perRow) * 34 + 1, Math.floor(j / perRow) * 34 + 1, 32, 32);
  });
}

function makeChart(canvas, title, percent) {
  const line = (label, color, dash) => ({label, data: [], borderColor: color, borderDash: dash,
                                         borderWidth: 1.5, pointRadius: 0});
  return new Chart(canvas, {
    type: 'line',
    data: {datasets: [line('train', '#1f77b4', []), line('test', '#d62728', [4, 3])]},
    options: {
      animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
      scales: {x: {type: 'linear', title: {display: true, text: 'epoch'}, ticks: {precision: 0}},
               y: percent ? {min: 0, max: 100, title: {display: true, text: '%'}} : {beginAtZero: true}},
      plugins: {title: {display: true, text: title}, decimation: {enabled: true, algorithm: 'lttb', samples: 400},
                legend: {labels: {boxHeight: 1}}},
    },
  });
}

function drawCharts() {
  if (typeof Chart === 'undefined') return;
  lossChart ??= makeChart($('loss-chart'), 'loss (cross-entropy)', false);
  accuracyChart ??= makeChart($('accuracy-chart'), 'accuracy', true);
  const series = (column, scale) => epochs.filter((r) => r[column] !== null).map((r) => ({x: r[0], y: r[column] * scale}));
  lossChart.data.datasets[0].data = series(1, 1);
  lossChart.data.datasets[1].data = series(3, 1);
  accuracyChart.data.datasets[0].data = series(2, 100);
  accuracyChart.data.datasets[1].data = series(4, 100);
  lossChart.update('none');
  accuracyChart.update('none');
}

// ---- one sample's backward pass ---------------------------------------------------------------------

const fmt = (x) => (x === null ? 'NaN' : x.toFixed(4));

/// A table: a header row of column names, then one row per [name, values] (values: numbers).
function table(element, columns, rows, heat) {
  element.replaceChildren();
  const head = element.insertRow();
  for (const c of ['', ...columns]) head.append(Object.assign(document.createElement('th'), {textContent: c}));
  for (const [name, values] of rows) {
    const row = element.insertRow();
    row.append(Object.assign(document.createElement('th'), {innerHTML: name}));
    for (const v of values) {
      const cell = row.insertCell();
      cell.textContent = fmt(v);
      cell.title = String(v);
      if (heat) cell.style.background = `rgb(${diverging(v / heat)})`;
    }
  }
  return element;
}

function showSample(t) {
  const C = t.Z.length, classes = [...Array(C).keys()];
  $('sample-body').hidden = false;
  $('sample-summary').textContent = `sample ${t.index}: a ${t.test ? 'test' : 'training'} point of class ${t.label} ` +
      `at (${t.x.map((v) => v.toFixed(3)).join(', ')}); standardised (${t.input.map((v) => v.toFixed(3)).join(', ')}); ` +
      `its loss −log A_${t.label} = ${fmt(t.loss)}`;
  const layers = $('sample-layers');
  layers.replaceChildren();
  t.hidden.forEach((b, l) => {
    const box = document.createElement('div');
    box.className = 'scroll';
    const title = document.createElement('h3');
    title.textContent = `hidden layer ${l + 1}`;
    const rows = [['Z', b.Z], ...(b.BZ ? [['BZ', b.BZ]] : []), ['A', b.A], ['dLdA', b.dLdA],
                  ...(b.dLdBZ ? [['dLdBZ', b.dLdBZ]] : []), ['dLdZ', b.dLdZ]];
    box.append(title, table(document.createElement('table'), b.Z.map((_, j) => `${j + 1}`), rows));
    layers.append(box);
  });
  const Y = classes.map((k) => (k === t.label ? 1 : 0));
  table($('softmax-table'), classes.map((k) => `class ${k}`),
        [['Z (logits)', t.Z], ['A = softmax(Z)', t.A], ['Y', Y], ['dLdA = −Y / A', t.dLdA],
         ['dLdZ = dLdA · J', t.dLdZ]]);
  const largest = Math.max(...t.J.flat().map(Math.abs), 1e-12);
  table($('jacobian'), classes.map((n) => `n = ${n}`), t.J.map((row, m) => [`m = ${m}`, row]), largest);
  $('softmax-command').textContent = `mytorch-softmax --z "${t.Z.join(',')}" --dlda "${t.dLdA.join(',')}"`;
}

function selectSample(index) {
  const n = view.data.x.length;
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    say(`sample: ${index} is not an index from 0 to ${n - 1}`);
    return;
  }
  sample = index;
  $('sample-index').value = index;
  drawBoundary();
  poll();
}

// ---- wiring -----------------------------------------------------------------------------------------

function wire() {
  $('play').addEventListener('click', () => control(state && state.playing ? 'pause' : 'play'));
  $('step').addEventListener('click', () => control('step'));
  $('reset').addEventListener('click', () => control('reset'));
  for (const id of ['dataset', 'classes', 'points', 'noise', 'activation', 'batchnorm', 'dropout', 'optimizer', 'lr',
                    'momentum', 'weight-decay', 'batch-size', 'seed', 'steps-per-second'])
    $(id).addEventListener('change', () => changed(id));
  $('noise').addEventListener('input', () => { $('noise-value').textContent = $('noise').value; });
  $('add-layer').addEventListener('click', () => {
    if (hidden.length >= view.limits.max_layers) return say(`at most ${view.limits.max_layers} hidden layers`);
    hidden.push(hidden.length ? hidden[hidden.length - 1] : 4);
    changed();
  });
  $('remove-layer').addEventListener('click', () => {
    if (!hidden.length) return;
    hidden.pop();
    changed();
  });
  $('sample-index').addEventListener('change', () => selectSample(Number($('sample-index').value)));
  $('boundary').addEventListener('click', (event) => {  // the nearest point within 10 pixels
    const canvas = $('boundary'), r = canvas.getBoundingClientRect(), scale = canvas.width / r.width;
    const cx = (event.clientX - r.left) * scale, cy = (event.clientY - r.top) * scale;
    let best = null, bestDistance = 100;
    for (let i = 0; i < view.data.x.length; ++i) {
      const [px, py] = pixel(i, canvas.width), d = (px - cx) ** 2 + (py - cy) ** 2;
      if (d < bestDistance) [best, bestDistance] = [i, d];
    }
    if (best !== null) selectSample(best);
  });
  $('csv-file').addEventListener('change', async () => {
    const file = $('csv-file').files[0];
    if (!file) return;
    const name = file.name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 100) || 'data.csv';
    await configure(await file.arrayBuffer(), '/api/csv', `&name=${encodeURIComponent(name)}`);
    $('csv-file').value = '';
  });
  $('model-file').addEventListener('change', async () => {
    const file = $('model-file').files[0];
    if (!file) return;
    await configure(await file.arrayBuffer(), '/api/model');
    $('model-file').value = '';
  });
  setInterval(() => { if (state && state.playing) poll(); }, 100);  // at most ten updates a second
  setInterval(() => { if (state && !state.playing) poll(); }, 60000);  // keeps an idle session alive
  addEventListener('pagehide', () => { if (session) navigator.sendBeacon(`/api/close?id=${session}`); });
}

wire();
start(location.search.slice(1));
