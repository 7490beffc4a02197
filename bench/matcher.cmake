# Matcher benchmarks (Google Benchmark) and the instance dump that bench/scipy_compare.py reads.
# Included from bench/CMakeLists.txt, which exists only when GFO_BUILD_BENCH found benchmark.
if(NOT TARGET benchmark::benchmark)
  return()
endif()

add_executable(matcher_bench ${CMAKE_CURRENT_LIST_DIR}/matcher_bench.cc)
target_link_libraries(matcher_bench PRIVATE gfo_matcher benchmark::benchmark)

add_executable(matcher_instance_dump ${CMAKE_CURRENT_LIST_DIR}/matcher_instance_dump.cc)
target_link_libraries(matcher_instance_dump PRIVATE gfo_matcher)
