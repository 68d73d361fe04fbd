# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build-nomono/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[unit.test_snapshot_format]=] "/work/main/build-nomono/bin/test_snapshot_format")
set_tests_properties([=[unit.test_snapshot_format]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;17;add_test;/work/main/tests/CMakeLists.txt;20;leaklab_unit_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[unit.test_verdicts]=] "/work/main/build-nomono/bin/test_verdicts")
set_tests_properties([=[unit.test_verdicts]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;17;add_test;/work/main/tests/CMakeLists.txt;21;leaklab_unit_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[unit.test_assembly_groups]=] "/work/main/build-nomono/bin/test_assembly_groups")
set_tests_properties([=[unit.test_assembly_groups]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;17;add_test;/work/main/tests/CMakeLists.txt;22;leaklab_unit_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[unit.test_corpus]=] "/work/main/build-nomono/bin/test_corpus")
set_tests_properties([=[unit.test_corpus]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;17;add_test;/work/main/tests/CMakeLists.txt;23;leaklab_unit_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[unit.test_import]=] "/work/main/build-nomono/bin/test_import")
set_tests_properties([=[unit.test_import]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;31;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[corpus.recorded]=] "/work/main/tests/corpus/check_recorded.sh" "/work/main/build-nomono/bin/leaklab" "/work/main/tests/corpus/labels.tsv" "/work/main/build-nomono/tests/work/corpus-recorded")
set_tests_properties([=[corpus.recorded]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;37;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[analyzer.bad-input]=] "sh" "-c" "mkdir -p '/work/main/build-nomono/tests/work/bad-input' && gzip -dc '/work/main/tests/corpus/recorded/steady-state-default.jsonl.gz' >'/work/main/build-nomono/tests/work/bad-input/good.jsonl' && exec '/work/main/tests/e2e/analyzer_bad_input.sh' '/work/main/build-nomono/bin/leaklab' '/work/main/build-nomono/tests/work/bad-input/good.jsonl' '/work/main/build-nomono/tests/work/bad-input'")
set_tests_properties([=[analyzer.bad-input]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;40;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[import.fixtures]=] "/work/main/tests/import/run_fixtures.sh" "/work/main/build-nomono/bin/leaklab" "/work/main/build-nomono/bin/check_snapshots" "/work/main/tests/import/sos-samples" "/work/main/tests/import/fixtures.tsv" "/work/main/build-nomono/tests/work/import-fixtures")
set_tests_properties([=[import.fixtures]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;45;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[import.customer-case]=] "/work/main/tests/import/customer_case.sh" "/work/main/build-nomono/bin/leaklab" "/work/main/build-nomono/bin/check_snapshots" "/work/main/build-nomono/tests/work/import-customer")
set_tests_properties([=[import.customer-case]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;49;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[import.layouts]=] "/work/main/tests/import/layouts.sh" "/work/main/build-nomono/bin/leaklab" "/work/main/tests/import/sos-samples" "/work/main/build-nomono/tests/work/import-layouts")
set_tests_properties([=[import.layouts]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;52;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[import.bad-input]=] "/work/main/tests/import/bad_input.sh" "/work/main/build-nomono/bin/leaklab" "/work/main/build-nomono/tests/work/import-bad")
set_tests_properties([=[import.bad-input]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;55;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[report.browser]=] "/work/main/tests/report/browser.sh" "/work/main/build-nomono/bin/leaklab" "/work/main/tests" "/work/main/build-nomono/tests/work/report-browser")
set_tests_properties([=[report.browser]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;59;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[robust.files-and-input]=] "/work/main/tests/robust/files_and_input.sh" "/work/main/build-nomono/bin/leaklab" "/work/main/build-nomono/tests/work/robust-files")
set_tests_properties([=[robust.files-and-input]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;66;add_test;/work/main/tests/CMakeLists.txt;0;")
