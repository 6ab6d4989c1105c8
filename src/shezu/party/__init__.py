"""Party organizations, members and secretaries (组织设置、党员、书记)."""
