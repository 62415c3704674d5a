# cmake -DLIST=runtime_bundle.txt -DOUT=DIR -P export_bundle.cmake
# Copies the files LIST names ("source|header RELATIVE ABSOLUTE" lines; "flags
# VARIANT FLAGS" lines pass through) to DIR/RELATIVE and writes DIR/MANIFEST
# with the ABSOLUTE column dropped. DIR is rebuilt from scratch so that a file
# removed from the runtime does not linger in what is exported.
file(STRINGS ${LIST} lines)
file(REMOVE_RECURSE ${OUT})
set(manifest "# TinySim runtime library: sources in link order, headers, compile flags per firmware image\n")
foreach(line IN LISTS lines)
  if(line MATCHES "^(source|header) ([^ ]+) (.+)$")
    get_filename_component(dir ${OUT}/${CMAKE_MATCH_2} DIRECTORY)
    file(COPY ${CMAKE_MATCH_3} DESTINATION ${dir})
    string(APPEND manifest "${CMAKE_MATCH_1} ${CMAKE_MATCH_2}\n")
  elseif(line MATCHES "^flags ")
    string(APPEND manifest "${line}\n")
  endif()
endforeach()
file(WRITE ${OUT}/MANIFEST "${manifest}")
