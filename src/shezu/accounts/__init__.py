"""账号与权限: users, their role and area (jurisdiction), API tokens, the audit log."""
