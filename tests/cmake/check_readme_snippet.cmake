# cmake -DREADME=README.md -DSOURCE=examples/training-step/main.cpp -P check_readme_snippet.cmake
# The README's code block after the line `<!-- [training-step] … -->` must be exactly the lines of
# SOURCE between `// [training-step]` and `// [/training-step]`. To update the README, copy that
# region of the program into the block.
file(READ ${SOURCE} source)
file(READ ${README} readme)

string(FIND "${source}" "// [training-step]\n" begin)
string(FIND "${source}" "// [/training-step]" end)
if(begin EQUAL -1 OR end EQUAL -1 OR end LESS begin)
  message(FATAL_ERROR "${SOURCE}: no '// [training-step]' … '// [/training-step]' region")
endif()
math(EXPR begin "${begin} + 19")  # past "// [training-step]\n"
math(EXPR length "${end} - ${begin}")
string(SUBSTRING "${source}" ${begin} ${length} region)

string(FIND "${readme}" "<!-- [training-step]" marker)
if(marker EQUAL -1)
  message(FATAL_ERROR "${README}: no '<!-- [training-step] … -->' line before the snippet")
endif()
string(SUBSTRING "${readme}" ${marker} -1 readme)
string(FIND "${readme}" "```cpp\n" fence)
if(fence EQUAL -1)
  message(FATAL_ERROR "${README}: no ```cpp block after '<!-- [training-step]'")
endif()
math(EXPR fence "${fence} + 7")  # past "```cpp\n"
string(SUBSTRING "${readme}" ${fence} -1 readme)
string(FIND "${readme}" "```" close)
string(SUBSTRING "${readme}" 0 ${close} block)

if(NOT "${block}" STREQUAL "${region}")
  message(FATAL_ERROR "The README's training-step block differs from ${SOURCE}'s [training-step] "
                      "region; copy the region into the README.\n--- README:\n${block}--- "
                      "${SOURCE}:\n${region}")
endif()
message("The README's training-step block is ${SOURCE}'s region (${length} bytes).")
