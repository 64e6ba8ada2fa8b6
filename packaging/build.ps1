<#
.SYNOPSIS
    Build Buurtverbinder for Windows: the folder build in dist\buurtverbinder\ and, with
    -Installer, the per-user installer dist\buurtverbinder-<version>-setup.exe.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File packaging\build.ps1 -SelfTest -Installer

.NOTES
    Needs Python 3.11 with the venv:  py -3.11 -m venv .venv
                                      .venv\Scripts\pip install -e ".[build]"
    and, for -Installer, Inno Setup 6 (iscc.exe on PATH or in its default folder).
    The build is windowed (no console): -SelfTest reads the report the app writes to
    %TEMP%\buurtverbinder-selftest.log and fails the build when the exit code is not 0.
#>
param(
    [switch]$SelfTest,
    [switch]$Installer,
    [string]$Python = ""
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
if (-not $Python) { $Python = Join-Path $Root ".venv\Scripts\python.exe" }

function Invoke-Step([string]$What, [scriptblock]$Block) {
    Write-Host "== $What"
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

& $Python -m PyInstaller --version *> $null
if ($LASTEXITCODE -ne 0) {
    throw "PyInstaller is missing: run  $Python -m pip install -e "".[build]"""
}
# The version lives in one place: app\__init__.py
$Version = (Select-String -Path "app\__init__.py" -Pattern '__version__ = "([^"]+)"').Matches[0].Groups[1].Value
Write-Host "== Buurtverbinder $Version"
$Watch = [System.Diagnostics.Stopwatch]::StartNew()

Invoke-Step "compiling the translations" { & $Python -m tools.i18n compile }
Invoke-Step "rendering the icons" { & $Python packaging\make_icons.py }
Invoke-Step "PyInstaller" {
    & $Python -m PyInstaller --noconfirm --clean --log-level WARN `
        --distpath dist --workpath build\pyinstaller packaging\buurtverbinder.spec
}
$Size = (Get-ChildItem dist\buurtverbinder -Recurse | Measure-Object Length -Sum).Sum / 1MB
Write-Host ("== built dist\buurtverbinder\ in {0:N0} s, {1:N0} MB" -f $Watch.Elapsed.TotalSeconds, $Size)

if ($SelfTest) {
    Write-Host "== self-test of the frozen build"
    $Log = Join-Path $env:TEMP "buurtverbinder-selftest.log"
    Remove-Item $Log -ErrorAction SilentlyContinue
    $env:QT_QPA_PLATFORM = "offscreen"
    $Proc = Start-Process -FilePath "dist\buurtverbinder\buurtverbinder.exe" `
        -ArgumentList "--self-test" -Wait -PassThru -NoNewWindow
    Remove-Item Env:\QT_QPA_PLATFORM
    if (Test-Path $Log) { Get-Content $Log }
    if ($Proc.ExitCode -ne 0) { throw "self-test failed (exit code $($Proc.ExitCode))" }
}

if ($Installer) {
    $Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
    foreach ($Candidate in @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
                             "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                             "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
        if (-not $Iscc -and (Test-Path $Candidate)) { $Iscc = $Candidate }
    }
    if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found: install it or put it on PATH" }
    Invoke-Step "installer" { & $Iscc "/DAppVersion=$Version" packaging\windows\buurtverbinder.iss }
    Write-Host "== dist\buurtverbinder-$Version-setup.exe"
}
