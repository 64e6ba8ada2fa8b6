; Inno Setup 6 script: a per-user installer for Buurtverbinder (no administrator rights).
;
; Build the folder build first (packaging\build.ps1 does both), then:
;     iscc /DAppVersion=0.1.0 packaging\windows\buurtverbinder.iss
; Output: dist\buurtverbinder-<version>-setup.exe
;
; What it does:
; - installs dist\buurtverbinder\ into %LOCALAPPDATA%\Programs\Buurtverbinder (per user, so
;   it works on municipal laptops without administrator rights);
; - a Start-menu shortcut (and, if chosen, one on the desktop), with the app icon;
; - registers the .bvx exchange package for this user only, so a double click opens it;
; - speaks Dutch, French or English, following Windows;
; - uninstalls from Settings > Apps without touching the user's data, which lives in
;   %LOCALAPPDATA%\Buurtverbinder (database, backups) and is kept on purpose.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z buurtverbinder.iss (build.ps1 does this)
#endif
#define AppName "Buurtverbinder"
#define AppExe "buurtverbinder.exe"
#define Root "..\.."

[Setup]
; The AppId identifies the app for upgrades and uninstalling: never change it.
AppId={{6B0C5E1A-3F7D-4C2B-9E51-8A4D2B7C9F13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Buurtverbinder
VersionInfoVersion={#AppVersion}
; Per user, no UAC prompt: {autopf} becomes %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
OutputDir={#Root}\dist
OutputBaseFilename=buurtverbinder-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\buurtverbinder.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running Buurtverbinder before replacing its files (it saves as you type).
CloseApplications=yes
RestartApplications=no
ChangesAssociations=yes
ShowLanguageDialog=auto

[Languages]
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
nl.DesktopIcon=Snelkoppeling op het &bureaublad
fr.DesktopIcon=Raccourci sur le &bureau
en.DesktopIcon=Shortcut on the &desktop
nl.PackageType=Buurtverbinder-uitwisselingspakket
fr.PackageType=Paquet d'échange Buurtverbinder
en.PackageType=Buurtverbinder exchange package
nl.StartNow=Buurtverbinder nu starten
fr.StartNow=Démarrer Buurtverbinder maintenant
en.StartNow=Start Buurtverbinder now
nl.DataKept=Uw gegevens en back-ups blijven bewaard in %1.
fr.DataKept=Vos données et sauvegardes restent conservées dans %1.
en.DataKept=Your data and backups are kept in %1.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\buurtverbinder\*"; DestDir: "{app}"; \
    Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries as a whole: no stale files from an older build.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; \
    IconFilename: "{app}\{#AppExe}"; Comment: "{#AppName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The .bvx file type, for this user only (HKA is HKEY_CURRENT_USER in a per-user install).
Root: HKA; Subkey: "Software\Classes\.bvx"; ValueType: string; ValueName: ""; \
    ValueData: "Buurtverbinder.Package"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.bvx\OpenWithProgids"; ValueType: string; \
    ValueName: "Buurtverbinder.Package"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Buurtverbinder.Package"; ValueType: string; \
    ValueName: ""; ValueData: "{cm:PackageType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Buurtverbinder.Package\DefaultIcon"; \
    ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\Buurtverbinder.Package\shell\open\command"; \
    ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; \
    ValueType: string; ValueName: ".bvx"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:StartNow}"; \
    Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'),
           [ExpandConstant('{localappdata}\{#AppName}')]), mbInformation, MB_OK);
end;
