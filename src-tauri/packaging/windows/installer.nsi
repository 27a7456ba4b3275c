; The Windows installer of Xét Khen (makensis 3, amd64-unicode). Per user: no administrator rights,
; installed under %LOCALAPPDATA%\Programs\XetKhen, shown as "Xét Khen" in the Start menu, with the
; `xetkhen` command line beside the app. `make windows` runs it with
;   makensis -DSRC=<folder with the .exe and .dll> -DVERSION=<x.y.z> -DOUTFILE=<installer> installer.nsi
Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"

!define NAME "Xét Khen"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\XetKhen"

Name "${NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\XetKhen"
InstallDirRegKey HKCU "Software\XetKhen" "InstallDir"
BrandingText "${NAME} ${VERSION}"

!define MUI_ICON "${SRC}\icon.ico"
!define MUI_UNICON "${SRC}\icon.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\xetkhen-app.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Section "Xét Khen"
  SetOutPath "$INSTDIR"
  File "${SRC}\xetkhen-app.exe"
  File "${SRC}\WebView2Loader.dll"
  File "${SRC}\xetkhen.exe"
  File "${SRC}\icon.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\xetkhen-app.exe" "" "$INSTDIR\icon.ico"

  WriteRegStr HKCU "Software\XetKhen" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Xét Khen developers"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; Decision packets (.xkgp) and data packets (.xkdx) open the app.
  WriteRegStr HKCU "Software\Classes\.xkgp" "" "XetKhen.Packet"
  WriteRegStr HKCU "Software\Classes\.xkdx" "" "XetKhen.Packet"
  WriteRegStr HKCU "Software\Classes\XetKhen.Packet" "" "Gói dữ liệu Xét Khen"
  WriteRegStr HKCU "Software\Classes\XetKhen.Packet\DefaultIcon" "" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "Software\Classes\XetKhen.Packet\shell\open\command" "" '"$INSTDIR\xetkhen-app.exe" "%1"'
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${NAME}.lnk"
  Delete "$INSTDIR\xetkhen-app.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\xetkhen.exe"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\XetKhen"
  DeleteRegKey HKCU "Software\Classes\XetKhen.Packet"
  DeleteRegKey HKCU "Software\Classes\.xkgp"
  DeleteRegKey HKCU "Software\Classes\.xkdx"
  ; The store (%LOCALAPPDATA%\xetkhen) is the committee's data: it stays.
SectionEnd
