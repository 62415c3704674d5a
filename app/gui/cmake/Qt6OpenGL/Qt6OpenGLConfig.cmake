# Stand-in for Qt6OpenGLConfig.cmake when libqt6opengl6-dev is not installed
# (Debian ships the runtime library with qt6-base but the CMake package with
# -dev). Qt Charts' CMake package names Qt6::OpenGL as a link dependency
# although the Charts widgets TinySim uses need no OpenGL header; this gives
# it the runtime library so find_package(Qt6 COMPONENTS Charts) succeeds.
# Used only when the real package is missing (see app/gui/CMakeLists.txt).
if(NOT TARGET Qt6::OpenGL)
  find_package(Qt6Gui REQUIRED CONFIG)
  find_library(TINYSIM_QT6_OPENGL_LIB NAMES Qt6OpenGL libQt6OpenGL.so.6 REQUIRED)
  add_library(Qt6::OpenGL SHARED IMPORTED)
  set_target_properties(Qt6::OpenGL PROPERTIES
    IMPORTED_LOCATION "${TINYSIM_QT6_OPENGL_LIB}"
    IMPORTED_SONAME "libQt6OpenGL.so.6"
    INTERFACE_LINK_LIBRARIES "Qt6::Gui")
  add_library(Qt::OpenGL INTERFACE IMPORTED)
  set_target_properties(Qt::OpenGL PROPERTIES INTERFACE_LINK_LIBRARIES Qt6::OpenGL)
endif()
set(Qt6OpenGL_FOUND TRUE)
