# Build Dadras for Windows: the one-folder PyInstaller bundle (dist\dadras\) and, when Inno
# Setup 6 is installed, the installer (dist\installer\dadras-setup-<version>.exe).
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
#
# Parameters: -Python "py -3.11" (the interpreter for the build venv), -SkipInstaller,
# -SkipSmoke, -Iscc "C:\...\ISCC.exe" (else found in PATH or the usual install folders).
[CmdletBinding()]
param(
    [string]$Python = "py -3.11",
    [string]$Iscc = "",
    [switch]$SkipInstaller,
    [switch]$SkipSmoke
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$env:PIP_DISABLE_PIP_VERSION_CHECK = "1"
$env:PYTHONUTF8 = "1"

function Invoke-Checked {
    # Run a native command; stop when it fails ($ErrorActionPreference does not cover exit codes).
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root
$Venv = Join-Path $Root "build\packaging\venv-windows"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$Dist = Join-Path $Root "dist"
$Bundle = Join-Path $Dist "dadras"
$Started = Get-Date

if (-not (Test-Path $VenvPython)) {
    Write-Host "==> creating the build venv in $Venv"
    $parts = $Python -split " "
    $launcher = $parts[0]
    $launcherArgs = @()
    if ($parts.Length -gt 1) { $launcherArgs = $parts[1..($parts.Length - 1)] }
    Invoke-Checked $launcher ($launcherArgs + @("-m", "venv", $Venv))
}
Invoke-Checked $VenvPython @("-c", "import sys; sys.exit(sys.version_info < (3, 11))")

Write-Host "==> pip install .[packaging]"
Invoke-Checked $VenvPython @("-m", "pip", "install", "-q", "--upgrade", ".[packaging]")

Write-Host "==> pyinstaller packaging\dadras.spec"
$buildStart = Get-Date
Invoke-Checked $VenvPython @(
    "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", $Dist, "--workpath", (Join-Path $Root "build\pyinstaller"),
    "packaging\dadras.spec"
)
$buildSeconds = [int]((Get-Date) - $buildStart).TotalSeconds
$bytes = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum
Write-Host ("==> build time: {0} s; bundle {1:N0} MB" -f $buildSeconds, ($bytes / 1MB))

foreach ($exe in @("Dadras.exe", "dadras-cli.exe")) {
    if (-not (Test-Path (Join-Path $Bundle $exe))) { throw "missing $exe in $Bundle" }
}

if (-not $SkipSmoke) {
    # A quick check of the frozen console program (the full smoke test is Linux's smoke_test.sh).
    $cli = Join-Path $Bundle "dadras-cli.exe"
    $smoke = Join-Path ([System.IO.Path]::GetTempPath()) ("dadras-smoke-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $smoke | Out-Null
    try {
        Invoke-Checked $cli @("--version")
        $db = Join-Path $smoke "demo.sqlite3"
        Invoke-Checked $cli @("demo", "--db", $db, "--complaints", "50")
        $env:DADRAS_PASSWORD = "manager1234"  # the demo office's manager reads the reports
        Invoke-Checked $cli @("report", "dashboard", "--db", $db, "--user", "manager", "--period", "this_year")
        $pdf = Join-Path $smoke "scorecard.pdf"
        Invoke-Checked $cli @("report", "scorecard", "--db", $db, "--user", "manager", "--period", "this_year", "--out", $pdf)
        if (-not (Test-Path $pdf)) { throw "no PDF written" }
        Write-Host "==> smoke test passed"
    } finally {
        Remove-Item -Recurse -Force $smoke -ErrorAction SilentlyContinue
    }
}

if (-not $SkipInstaller) {
    if (-not $Iscc) {
        $found = Get-Command "ISCC.exe" -ErrorAction SilentlyContinue
        if ($found) {
            $Iscc = $found.Source
        } else {
            $candidates = @(
                (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
                (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
                (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
            )
            $Iscc = $candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
        }
    }
    if (-not $Iscc) { throw "ISCC.exe (Inno Setup 6) not found: install it or pass -Iscc, or use -SkipInstaller" }
    $version = (& $VenvPython -c "import app; print(app.__version__)").Trim()
    if ($LASTEXITCODE -ne 0) { throw "could not read the version" }
    Write-Host "==> ISCC dadras.iss (version $version)"
    Invoke-Checked $Iscc @("/Q", "/DAppVersion=$version", "/DBundleDir=$Bundle", (Join-Path $Root "packaging\windows\dadras.iss"))
    Write-Host "==> installer: $(Join-Path $Dist "installer\dadras-setup-$version.exe")"
}
Write-Host ("==> done in {0} s" -f [int]((Get-Date) - $Started).TotalSeconds)
