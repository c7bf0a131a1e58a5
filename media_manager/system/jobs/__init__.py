"""The scheduled jobs as administrators see them: state, run history, run now."""
