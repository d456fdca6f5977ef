"""A site's folder: the names of what sitegen reads and keeps in it."""

CONFIG_FILE = "sitegen.yaml"
CONTENT = "content"
TEMPLATES = "templates"
THEMES = "themes"
STATIC = "static"  # the site's own files, published under the same name
CACHE_DIR = ".sitegen-cache"

SOURCES = (CONFIG_FILE, CONTENT, TEMPLATES, THEMES, STATIC)  # what a build reads
