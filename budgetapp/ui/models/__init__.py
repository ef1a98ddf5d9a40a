"""Qt table models over core objects (each one checked by pytest-qt's qtmodeltester)."""
