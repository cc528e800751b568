#!/usr/bin/env bash
# Install what is missing, build or refresh the vector store, and start Omnibus on embedded defaults
# (a SQLite file in data/ and a persistent Chroma store in vectorstore/chroma/; no server to run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv ""
.venv/bin/omnibus index
exec .venv/bin/streamlit run app.py \
  --server.headless true \
  --server.address "${OMNIBUS_HOST:-127.0.0.1}" \
  --server.port "${OMNIBUS_PORT:-8501}" \
  --browser.gatherUsageStats false
