"""Tables, the command line and file formats."""
