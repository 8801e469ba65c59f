"""Data: which extracts the dashboard shows, and for analysts the upload of new extracts."""

from noegletal.ui import auth, materialisation, statbank, targets, upload
from noegletal.ui.shell import page_context

ctx = page_context(
    "data",
    intro=(
        "Her kan du se, hvilke udtræk tallene bygger på. Analytikere logger ind her for at "
        "indlæse kvartalets nye udtræk: filerne kontrolleres først, og hver import gemmes som "
        "en ny version, så intet går tabt."
    ),
)
materialisation.render()
analyst = auth.login_panel()
upload.render(ctx, analyst)
statbank.render(analyst)  # Danmarks Statistik (analysts only)
targets.render_editor(ctx, analyst)
