# Matching (home index, proto <-> matcher mapping), municipalities, administration (backup,
# retention). The service files themselves (match_service.cc, municipality_service.cc,
# admin_service.cc) are listed in service/CMakeLists.txt.
target_sources(gfo_service PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/home_index.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/match_mapping.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/municipalities.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/retention.cc
)

# Demo data (synthetic homes and requests as gfo.v1 messages) for `gfo demo seed`: no gRPC, no
# SQLite, so the CLI links it without the server.
add_library(gfo_demo STATIC ${CMAKE_CURRENT_SOURCE_DIR}/demo_seed.cc)
target_include_directories(gfo_demo PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(gfo_demo PUBLIC gfo_proto gfo_matcher)
