# Link needs of the data-set, quantization and export files (data+quant
# helper): zlib for gzip IDX files, the memory planner for the arena size in
# exported C headers.
find_package(ZLIB REQUIRED)
target_link_libraries(tinysim_optimize PRIVATE ZLIB::ZLIB)
if(TARGET tinysim_plan)
  target_link_libraries(tinysim_optimize PUBLIC tinysim_plan)
endif()
