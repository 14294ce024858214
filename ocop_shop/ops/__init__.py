"""Operations: `flask --app wsgi backup DIR` and `restore ARCHIVE` (DESIGN §6)."""
