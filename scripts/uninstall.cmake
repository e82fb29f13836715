# SPDX-License-Identifier: GPL-2.0-or-later
# cmake -DMANIFEST=build/install_manifest.txt -P scripts/uninstall.cmake
# Removes the files a `cmake --install` wrote, as listed in its manifest.
if(NOT EXISTS "${MANIFEST}")
	message(FATAL_ERROR "${MANIFEST} not found: nothing was installed from this build folder")
endif()
file(STRINGS "${MANIFEST}" files)
foreach(f IN LISTS files)
	if(EXISTS "${f}" OR IS_SYMLINK "${f}")
		message(STATUS "Removing ${f}")
		file(REMOVE "${f}")
	endif()
	# Our own documentation folder goes too once empty; the plugin folder is Wireshark's.
	get_filename_component(dir "${f}" DIRECTORY)
	get_filename_component(name "${dir}" NAME)
	file(GLOB left "${dir}/*")
	if(name STREQUAL "wireshark-plugin-encdns" AND NOT left)
		file(REMOVE_RECURSE "${dir}")
	endif()
endforeach()
