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
; The Evergreen WebView2 Runtime's client key (Microsoft's documented way to detect it).
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_PAGE "https://developer.microsoft.com/microsoft-edge/webview2/"

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
  ; The GNU build loads WebView2 through this DLL; an MSVC build links the loader in.
  !if /FileExists "${SRC}\WebView2Loader.dll"
  File "${SRC}\WebView2Loader.dll"
  !endif
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
  Call CheckWebView2
SectionEnd

; The window needs the WebView2 Runtime, which Windows 11 has and Windows 10 gets with Edge. This
; installer cannot carry Microsoft's bootstrapper (it is fetched from Microsoft, which the build
; machine does not reach), so a machine without it is told, and offered the download page; the app
; says the same in a message box if it is started without it. Silent installs only write the log.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  StrCmp $0 "" 0 +2
  ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  StrCmp $0 "" 0 +2
  ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  StrCmp $0 "" missing
  StrCmp $0 "0.0.0.0" missing found
  missing:
    DetailPrint "Chưa có Microsoft Edge WebView2 Runtime: cửa sổ Xét Khen cần nó."
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "Máy này chưa có Microsoft Edge WebView2 Runtime, thành phần Windows mà cửa sổ Xét Khen cần. Lệnh xetkhen.exe vẫn dùng được.$\r$\n$\r$\nMở trang tải về của Microsoft để cài bản Evergreen?" /SD IDNO IDNO found
    ExecShell "open" "${WEBVIEW2_PAGE}"
  found:
FunctionEnd

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
