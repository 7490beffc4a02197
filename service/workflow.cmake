# The placement workflow: requests, proposals with capacity holds, placements and their legal
# clocks (issues 4 and 7).
target_sources(gfo_service PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/requests.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/proposals.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/placements.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/workflow_common.cc)
