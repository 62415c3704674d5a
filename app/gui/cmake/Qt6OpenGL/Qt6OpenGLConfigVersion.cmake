# Version of the stand-in: that of the installed Qt6Gui (the Qt release the
# runtime library belongs to).
set(PACKAGE_VERSION "${Qt6Gui_VERSION}")
if(NOT PACKAGE_VERSION)
  set(PACKAGE_VERSION "6.4.2")
endif()
set(PACKAGE_VERSION_COMPATIBLE TRUE)
if(PACKAGE_FIND_VERSION AND PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
  set(PACKAGE_VERSION_EXACT TRUE)
endif()
