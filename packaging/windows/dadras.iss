; Inno Setup 6 script for Dadras: installs the one-folder PyInstaller build (dist\dadras\).
;
; Built by packaging\windows\build_windows.ps1, or by hand from the repository root:
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\dadras.iss
; Output: dist\installer\dadras-setup-<version>.exe
;
; Persian setup messages: Inno Setup ships no Persian.isl of its own; put the community
; translation (https://jrsoftware.org/files/istrans/) next to this script or in Inno Setup's
; Languages folder as Persian.isl and it is offered; without it setup is in English only.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\dadras"
#endif
#define AppName "Dadras"
#define AppExe "Dadras.exe"
#define CliExe "dadras-cli.exe"

#if FileExists(AddBackslash(SourcePath) + "Persian.isl")
  #define PersianIsl AddBackslash(SourcePath) + "Persian.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Persian.isl")
  #define PersianIsl "compiler:Languages\Persian.isl"
#endif

[Setup]
; The AppId identifies Dadras for upgrades and the uninstaller: never change it.
AppId={{6B1F3C2E-4D7A-4E8B-9C51-2A7D0E3F9B64}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Dadras
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Dadras
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine by default; the user may choose a per-user install without administrator rights.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=dadras-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\dadras.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#ifdef PersianIsl
Name: "persian"; MessagesFile: "{#PersianIsl}"
#endif

[CustomMessages]
english.AppComment=Complaint handling for inspection offices
english.CliComment=Dadras command line (demo, reports, export)
english.LaunchApp=Start Dadras
#ifdef PersianIsl
persian.AppComment=ثبت و پیگیری شکایات در دفتر بازرسی
persian.CliComment=خط فرمان دادرس
persian.LaunchApp=اجرای دادرس
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: Dadras.exe (the window), dadras-cli.exe (the console) and _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\resources\icons\dadras.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\dadras.ico"; Comment: "{cm:AppComment}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\dadras.ico"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

; The office database and its backups live in %LOCALAPPDATA%\Dadras (platformdirs) and are
; deliberately left in place by the uninstaller.
[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"
