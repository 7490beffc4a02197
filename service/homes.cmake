target_sources(gfo_service PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/homes.cc ${CMAKE_CURRENT_SOURCE_DIR}/home_store.cc)
