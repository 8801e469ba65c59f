"""noegletal — the Streamlit entrypoint. It only wires the pages up (see noegletal.ui.shell)."""

from noegletal.ui.shell import run_entrypoint

run_entrypoint()
