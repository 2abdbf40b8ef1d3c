; Inno Setup 6 script for itembank on Windows (x64). Build recipe: installers/windows/BUILD.md.
;
;   iscc /DFlavour=lite /DAppVersion=0.1.0 /DSourceDir=..\..\dist\itembank-lite installers\windows\itembank.iss
;   iscc /DFlavour=gpu  /DAppVersion=0.1.0 /DSourceDir=..\..\dist\itembank-gpu  installers\windows\itembank.iss
;
; SourceDir is the frozen folder made by `python packaging\build.py --flavour <flavour>` (relative paths
; are relative to this script). Output: dist\itembank-<version>-<flavour>-setup.exe (+ .bin slices for gpu).
;
; Silent install for a room of PCs (see docs/deploy.md):
;   itembank-0.1.0-gpu-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
;       /TASKS="desktopicon,addtopath" [/DIR="C:\Program Files\itembank"]
;       [/MODELSDIR="\\server\itembank-models"] [/LOG="C:\Windows\Temp\itembank-setup.log"]
; Silent uninstall (keeps every teacher's bank):  "C:\Program Files\itembank\unins000.exe" /VERYSILENT
; ... and also deletes the uninstalling user's bank:  unins000.exe /VERYSILENT /DELETEDATA
;
; The user's bank lives in %LOCALAPPDATA%\itembank (platformdirs user data dir), the window settings in
; %APPDATA%\itembank. The uninstaller deletes them only when the user says yes (default: keep) or when
; /DELETEDATA is given; it never touches other users' folders or a shared model folder.

#ifndef Flavour
  #define Flavour "lite"
#endif
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\itembank-" + Flavour
#endif
#if Flavour != "lite" && Flavour != "gpu"
  #error Flavour must be lite or gpu
#endif

; Korean.isl ships with Inno Setup 6.3 and later; older compilers build an English-only installer.
#define HasKorean FileExists(AddBackslash(CompilerPath) + "Languages\Korean.isl")

#define AppName "itembank"
#define AppPublisher "itembank team"
#define GuiExe "itembank-desktop.exe"
#define CliExe "itembank.exe"

[Setup]
; One AppId for both flavours: installing the gpu edition over the lite one upgrades it in place.
AppId={{6F1B7C2E-4C0B-4E7A-9B7E-2D4A1C9E8B53}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion} ({#Flavour})
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Administrators install for all users (Program Files); others may choose a per-user install.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=itembank-{#AppVersion}-{#Flavour}-setup
SetupIconFile=..\..\assets\icons\itembank.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion} ({#Flavour})
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes
RestartApplications=no
SetupLogging=yes
#if Flavour == "gpu"
; torch with its CUDA libraries is several GB: no solid block (faster, less memory to build) and slices
; of at most 2 GB (setup.exe + itembank-...-setup-1.bin ...; keep them together on the USB stick).
Compression=lzma2/fast
SolidCompression=no
DiskSpanning=yes
DiskSliceSize=2100000000
#else
Compression=lzma2/max
SolidCompression=yes
#endif

[Languages]
#if HasKorean
Name: "ko"; MessagesFile: "compiler:Languages\Korean.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
en.DesktopIcon=Create a &desktop shortcut
#if HasKorean
ko.DesktopIcon=바탕 화면에 바로 가기 만들기(&D)
#endif
en.AddToPath=Add the itembank &command to PATH (for IT staff and scripts)
#if HasKorean
ko.AddToPath=itembank 명령을 PATH에 추가(&C) (전산 담당자, 스크립트용)
#endif
en.DeleteData=Also delete your item bank (문항 은행) in%n%1%n%nIt holds your items, figures and search indexes. Choose No to keep it (recommended; back it up first with "itembank backup").
#if HasKorean
ko.DeleteData=문항 은행 데이터도 삭제할까요?%n%1%n%n문항, 그림, 검색 색인이 들어 있습니다. 보존하려면 [아니요]를 누르세요(권장). 삭제하기 전에 "itembank backup"으로 백업하세요.
#endif
en.GuiName=itembank (문항 은행 검색)
#if HasKorean
ko.GuiName=문항 은행 검색 (itembank)
#endif
en.CliName=itembank command prompt
#if HasKorean
ko.CliName=itembank 명령 프롬프트
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"
Name: "addtopath"; Description: "{cm:AddToPath}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A previous version's libraries must not mix with this one's (the folder holds only program files).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{cm:GuiName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{userdocs}"
Name: "{autoprograms}\{cm:CliName}"; Filename: "{cmd}"; Parameters: "/K ""set PATH={app};%PATH% && itembank --help"""; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{cm:GuiName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself leaves in its own folder; never the data folders (see [Code]).
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
const
  SystemEnvKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';
  UserEnvKey = 'Environment';

function EnvRoot: Integer;
begin
  if IsAdminInstallMode then Result := HKEY_LOCAL_MACHINE else Result := HKEY_CURRENT_USER;
end;

function EnvKey: String;
begin
  if IsAdminInstallMode then Result := SystemEnvKey else Result := UserEnvKey;
end;

function PathHas(const Paths, Dir: String): Boolean;
begin
  Result := Pos(';' + Uppercase(RemoveBackslashUnlessRoot(Dir)) + ';',
                ';' + Uppercase(Paths) + ';') > 0;
end;

procedure AddToPath(const Dir: String);
var
  Paths: String;
begin
  if not RegQueryStringValue(EnvRoot, EnvKey, 'Path', Paths) then Paths := '';
  if PathHas(Paths, Dir) then exit;
  if (Paths <> '') and (Copy(Paths, Length(Paths), 1) <> ';') then Paths := Paths + ';';
  RegWriteExpandStringValue(EnvRoot, EnvKey, 'Path', Paths + Dir);
end;

procedure RemoveFromPath(const Dir: String);
var
  Paths, Upper, Needle: String;
  P: Integer;
begin
  if not RegQueryStringValue(EnvRoot, EnvKey, 'Path', Paths) then exit;
  Paths := ';' + Paths + ';';
  Upper := Uppercase(Paths);
  Needle := ';' + Uppercase(RemoveBackslashUnlessRoot(Dir)) + ';';
  P := Pos(Needle, Upper);
  if P = 0 then exit;
  Delete(Paths, P, Length(Needle) - 1);
  Paths := Copy(Paths, 2, Length(Paths) - 2);
  RegWriteExpandStringValue(EnvRoot, EnvKey, 'Path', Paths);
end;

{ /MODELSDIR=<folder>: a shared, read-only model folder for every user of this PC (see docs/deploy.md). }
procedure SetModelsDir;
var
  Dir: String;
begin
  Dir := ExpandConstant('{param:MODELSDIR|}');
  if Dir <> '' then
  begin
    RegWriteStringValue(EnvRoot, EnvKey, 'ITEMBANK_MODEL_DIRS', Dir);
    RegWriteStringValue(EnvRoot, 'Software\itembank', 'ModelsDirSetByInstaller', '1');
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    if WizardIsTaskSelected('addtopath') then AddToPath(ExpandConstant('{app}'));
    SetModelsDir;
  end;
end;

function HasParam(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then Result := True;
end;

procedure DeleteUserData;
var
  Bank: String;
begin
  { platformdirs.user_data_dir("itembank", appauthor=False) and the QSettings INI folder. }
  Bank := ExpandConstant('{localappdata}\itembank');
  if DirExists(Bank) then DelTree(Bank, True, True, True);
  if DirExists(ExpandConstant('{userappdata}\itembank')) then
    DelTree(ExpandConstant('{userappdata}\itembank'), True, True, True);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Bank, Flag: String;
begin
  if CurUninstallStep = usUninstall then
  begin
    RemoveFromPath(ExpandConstant('{app}'));
    if RegQueryStringValue(EnvRoot, 'Software\itembank', 'ModelsDirSetByInstaller', Flag) then
    begin
      RegDeleteValue(EnvRoot, EnvKey, 'ITEMBANK_MODEL_DIRS');
      RegDeleteKeyIncludingSubkeys(EnvRoot, 'Software\itembank');
    end;
  end;
  if CurUninstallStep = usPostUninstall then
  begin
    Bank := ExpandConstant('{localappdata}\itembank');
    if HasParam('/DELETEDATA') then
      DeleteUserData
    else if (not UninstallSilent) and DirExists(Bank) then
    begin
      { Default button: No (keep the bank). }
      if MsgBox(FmtMessage(CustomMessage('DeleteData'), [Bank]), mbConfirmation,
                MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DeleteUserData;
    end;
  end;
end;
