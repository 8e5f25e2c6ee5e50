#!/usr/bin/env bash
# Installs the Debian tools the tests read PDFs and drive a browser with (pdftotext, Chromium, ChromeDriver) when they
# are missing; safe to run again. Without root or apt-get it only says what is missing: the browser tests then skip
# saying why, and the PDF tests cannot run.
set -uo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Faltan herramientas de las pruebas: instale ${need[*]} (apt-get install ${need[*]})." >&2
  exit 0
fi
echo "Instalando para las pruebas: ${need[*]}…" >&2
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } \
    >/dev/null 2>&1; then
  echo "No se pudo instalar ${need[*]}; las pruebas que los usan fallarán o se omitirán." >&2
fi
