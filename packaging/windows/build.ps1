# Build the Windows one-folder app dist\hzsubsidy\ on Windows 10 (1809+) or 11, x64.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Test]
#
# Needs Python 3.11 (x64) from python.org (the "py" launcher) and the network to PyPI once.
# Result: dist\hzsubsidy\hzsubsidy.exe (windowed; double-click) and dist\hzsubsidy\hzsubsidy-cli.exe
# (console), the Qt runtime, forms\, ui\ and resources\ inside. Data lives in %LOCALAPPDATA%\hzsubsidy.
# -Test also runs the test suite first (QT_QPA_PLATFORM=offscreen), as the CI workflow does.
# Written against PyInstaller 6 (spec: packaging\hzsubsidy.spec); not run on the project's own machines.
param([switch]$Test)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

$Venv = Join-Path $Root ".venv-win"
if (-not (Test-Path (Join-Path $Venv "Scripts\python.exe"))) {
    Invoke-Checked "py" @("-3.11", "-m", "venv", $Venv)
}
$Python = Join-Path $Venv "Scripts\python.exe"
Invoke-Checked $Python @("-m", "pip", "install", "--upgrade", "pip")
Invoke-Checked $Python @("-m", "pip", "install", "-e", ".[test,bundle]")

if ($Test) {
    $env:QT_QPA_PLATFORM = "offscreen"
    Invoke-Checked $Python @("-m", "pytest", "-q")
    Remove-Item Env:\QT_QPA_PLATFORM
}

$Icon = Join-Path $Root "build\hzsubsidy.ico"
Invoke-Checked $Python @("packaging\make_icon.py", $Icon)
$env:HZSUBSIDY_ICON = $Icon
Invoke-Checked $Python @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller", "packaging\hzsubsidy.spec")

# Smoke test of the built programs: the console one prints its version and the sample.
$Cli = Join-Path $Root "dist\hzsubsidy\hzsubsidy-cli.exe"
Invoke-Checked $Cli @("--version")
$Sample = Join-Path $env:TEMP "hzsubsidy-sample.json"
& $Cli sample --out $Sample
if ($LASTEXITCODE -ne 0) { throw "hzsubsidy-cli sample failed" }
Invoke-Checked $Cli @("validate", $Sample)
Write-Host "built dist\hzsubsidy (hzsubsidy.exe windowed, hzsubsidy-cli.exe console)"
