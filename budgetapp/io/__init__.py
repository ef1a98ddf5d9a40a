"""Reading and writing files: the project file (``project_file``) and, later, imports and exports."""
