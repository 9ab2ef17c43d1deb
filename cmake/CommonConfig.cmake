# One INTERFACE target that every Boxoffice target links: the language
# standard, the warnings and the strict Qt defines live here and nowhere else.
add_library(boxoffice_common INTERFACE)
target_compile_features(boxoffice_common INTERFACE cxx_std_20)
target_compile_options(boxoffice_common INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local)
if(BOXOFFICE_WERROR)
  target_compile_options(boxoffice_common INTERFACE -Werror)
endif()
target_compile_definitions(boxoffice_common INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  QT_USE_QSTRINGBUILDER
  QT_NO_KEYWORDS
  PQXX_HAVE_OPTIONAL=1)
if(BOXOFFICE_SANITIZE)
  target_compile_options(boxoffice_common INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(boxoffice_common INTERFACE -fsanitize=address,undefined)
endif()
if(BOXOFFICE_TSAN)
  target_compile_options(boxoffice_common INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(boxoffice_common INTERFACE -fsanitize=thread)
endif()
# The fuzzing build (its own tree, see scripts/fuzz.sh): every library the
# harnesses link is instrumented for libFuzzer's coverage and checked by ASan
# and UBSan, and a UBSan report stops the run like a crash.
if(BOXOFFICE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BOXOFFICE_FUZZ needs clang: configure with CC=clang CXX=clang++")
  endif()
  target_compile_options(boxoffice_common INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer -Wno-unknown-warning-option)
  target_link_options(boxoffice_common INTERFACE -fsanitize=address,undefined)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

# add_boxoffice_test(NAME SOURCES... [LIBS ...] [LABELS ...])
# Registers a QtTest executable with CTest, with the environment every test
# needs: a fixed locale, the offscreen platform and where the suite's
# Postgres, Redis and server binary are.
function(add_boxoffice_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE boxoffice_common Qt6::Test ${ARG_LIBS})
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES
    LABELS "${ARG_LABELS}"
    TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "LC_ALL=C.UTF-8;QT_QPA_PLATFORM=offscreen;BOXOFFICE_SERVER_BIN=$<TARGET_FILE:boxoffice-server>")
endfunction()
