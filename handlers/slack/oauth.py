"""\"Add to Slack\": Bolt's OAuth flow, on the app's own database (tables of migration 0008)."""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.config import Settings
from handlers.slack.clients import CachedInstallationStore

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
OAUTH_STATE_SECONDS = 600  # how long an "Add to Slack" link stays good
# What "Add to Slack" asks for: deploy/slack-manifest.yml's bot scopes (tests/e2e/test_manifest.py).
BOT_SCOPES = (
    "app_mentions:read", "channels:read", "chat:write", "commands", "im:history", "im:read", "im:write",
    "channels:history", "groups:history", "users:read", "files:read", "files:write", "reactions:write",
)


def oauth_settings(settings: Settings, engine: Engine) -> tuple[OAuthSettings, CachedInstallationStore]:
    """Bolt's "Add to Slack" flow on the app's own database (tables of migration 0008)."""
    installations = CachedInstallationStore(settings.slack_client_id, engine)
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri or None,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installations,
        # The bot token is all it uses: one cached find_bot per request, not two queries.
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=OAUTH_STATE_SECONDS, engine=engine),
        state_expiration_seconds=OAUTH_STATE_SECONDS,
    )
    # Without this Bolt calls auth.test with the workspace's token before every request.
    # Bolt declares the base Authorize; OAuth's is an InstallationStoreAuthorize, which has this.
    oauth.authorize.cache_enabled = True  # type: ignore[attr-defined]
    return oauth, installations
