# Decides LEAKLAB_CORECLR (ON/OFF) from LEAKLAB_WITH_CORECLR and what the
# machine has: the `dotnet` SDK, and the hosting headers and libnethost of
# its Microsoft.NETCore.App.Host pack (the newest version installed). Sets
# LEAKLAB_DOTNET (the program), LEAKLAB_DOTNET_ROOT and LEAKLAB_NETHOST_DIR.
set(LEAKLAB_CORECLR OFF)
set(why_not "")
if(LEAKLAB_WITH_CORECLR STREQUAL "OFF")
    set(why_not "LEAKLAB_WITH_CORECLR=OFF")
elseif(NOT LEAKLAB_WITH_MONO)
    set(why_not "it needs the Mono build (run, serve)")
elseif(LEAKLAB_SANITIZE OR LEAKLAB_FUZZ)
    set(why_not "sanitizer and fuzz builds stay runtime-free")
else()
    find_program(LEAKLAB_DOTNET dotnet)
    if(NOT LEAKLAB_DOTNET)
        set(why_not "no .NET SDK (dotnet) found")
    else()
        get_filename_component(dotnet_real ${LEAKLAB_DOTNET} REALPATH)
        get_filename_component(LEAKLAB_DOTNET_ROOT ${dotnet_real} DIRECTORY)
        file(GLOB nethost_headers
             ${LEAKLAB_DOTNET_ROOT}/packs/Microsoft.NETCore.App.Host.linux-x64/*/runtimes/linux-x64/native/nethost.h)
        list(SORT nethost_headers COMPARE NATURAL ORDER DESCENDING)
        list(GET nethost_headers 0 newest)
        if(NOT newest)
            set(why_not "no Microsoft.NETCore.App.Host.linux-x64 pack in ${LEAKLAB_DOTNET_ROOT}")
        else()
            get_filename_component(LEAKLAB_NETHOST_DIR ${newest} DIRECTORY)
            # The NuGet packages of the scenarios (Roslyn, CodeDom, Web
            # Services Description) and of the heap-dump helper (the
            # EventPipe client, TraceEvent) must restore here, or the build
            # would fail later.
            execute_process(
                COMMAND ${CMAKE_COMMAND} -E env DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
                        ${LEAKLAB_DOTNET} restore ${PROJECT_SOURCE_DIR}/scenarios/coreclr/leaklab-scenarios.csproj
                        --artifacts-path ${PROJECT_BINARY_DIR}/scenarios/dotnet/scenarios
                RESULT_VARIABLE restored OUTPUT_VARIABLE restore_output ERROR_VARIABLE restore_output
                TIMEOUT 600)
            if(restored EQUAL 0)
                execute_process(
                    COMMAND ${CMAKE_COMMAND} -E env DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
                            ${LEAKLAB_DOTNET} restore
                            ${PROJECT_SOURCE_DIR}/host/src/coreclr/heapdump/leaklab-heapdump.csproj
                            --artifacts-path ${PROJECT_BINARY_DIR}/host/dotnet-heapdump
                    RESULT_VARIABLE restored OUTPUT_VARIABLE restore_output ERROR_VARIABLE restore_output
                    TIMEOUT 600)
            endif()
            if(restored EQUAL 0)
                set(LEAKLAB_CORECLR ON)
            else()
                string(REGEX MATCH "error [^\n]*" first_error "${restore_output}")
                set(why_not "the scenarios' NuGet packages did not restore (${first_error})")
            endif()
        endif()
    endif()
endif()
if(LEAKLAB_CORECLR)
    message(STATUS "CoreCLR backend: on (${LEAKLAB_NETHOST_DIR})")
elseif(LEAKLAB_WITH_CORECLR STREQUAL "ON")
    message(FATAL_ERROR "LEAKLAB_WITH_CORECLR=ON, but ${why_not}")
else()
    message(STATUS "CoreCLR backend: off (${why_not})")
endif()

# `dotnet build` as the build runs it: quiet, no telemetry, restored from
# the machine's NuGet source; PROJECT's objects under ARTIFACTS, its output
# in OUT.
set(LEAKLAB_DOTNET_BUILD ${CMAKE_COMMAND} -E env DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 ${LEAKLAB_DOTNET} build --nologo -v quiet -c Release)
