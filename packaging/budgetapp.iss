; Inno Setup script: per-user installer for the one-folder build in dist\budgetapp\.
; Installs without administrator rights into %LOCALAPPDATA%\Programs\Budgetapp, adds a Start-menu
; entry (and optionally a desktop icon) and an uninstaller under the user's "Apps".
;
;   ISCC.exe /DAppVersion=0.1.0 packaging\budgetapp.iss     -> dist\budgetapp-0.1.0-setup.exe
;
; Silent install for IT (per user, no prompts):  budgetapp-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Silent uninstall:  "%LOCALAPPDATA%\Programs\Budgetapp\unins000.exe" /VERYSILENT

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1E4A53-0B8D-4D0F-9A51-7E2B0C4F5B1A}
AppName=Budgetapp
AppVersion={#AppVersion}
AppPublisher=budgetapp
VersionInfoVersion={#AppVersion}
SourceDir=..
OutputDir=dist
OutputBaseFilename=budgetapp-{#AppVersion}-setup
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
DefaultDirName={autopf}\Budgetapp
DefaultGroupName=Budgetapp
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\budgetapp.exe
SetupIconFile=resources\icons\budgetapp.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Languages]
Name: "danish"; MessagesFile: "compiler:Languages\Danish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\budgetapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; a new version replaces the old program files completely (settings live elsewhere and are kept)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Budgetapp"; Filename: "{app}\budgetapp.exe"
Name: "{autodesktop}\Budgetapp"; Filename: "{app}\budgetapp.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\budgetapp.exe"; Description: "{cm:LaunchProgram,Budgetapp}"; Flags: nowait postinstall skipifsilent
