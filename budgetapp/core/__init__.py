"""The economic core: financing rules, business cases and their appraisal. Never imports Qt."""
