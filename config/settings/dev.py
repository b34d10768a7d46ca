"""Development profile: the default for manage.py on a developer's machine."""
from config.env import env_bool

from .base import *  # noqa: F401,F403

DEBUG = env_bool("DEBUG", True)
