"""The app's widgets, one job each: banner, badges, image chip, search panel, result list,
item detail, first-start page, import report."""
