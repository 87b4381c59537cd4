"""The ids of the rules the tool reports itself (their catalog files are in ``rules/``).

Code that emits one of these names the constant, so that a rule id is written once
outside its catalog file and a search finds every place that reports it.
"""

UNREADABLE_FILE = "ORCH900"  # a file that cannot be read or parsed, or an internal error
EVALUATION_LIMIT = "ORCH901"  # an evaluation or exploration limit was reached
EXPRESSION_ERROR = "ORCH902"  # a template expression that cannot be evaluated
VARIABLE_CYCLE = "ORCH903"  # variables that refer to each other
MODULE_NOT_READ = "ORCH904"  # a Bicep module whose file could not be read
UNUSED_SUPPRESSION = "ORCH905"  # a suppression that matches nothing or names no rule
SUPPRESSION_WITHOUT_REASON = "ORCH906"
TEMPLATE_STRUCTURE = "ORCH907"  # a resource entry that cannot be checked
BICEP_SYNTAX = "ORCH908"  # a Bicep syntax error (the compiler rejects the file)
BICEP_NOT_READ = "ORCH919"  # valid Bicep that the linter's parser cannot read
DUPLICATE_KEY = "ORCH909"
CHECK_FAILED = "ORCH910"  # a check raised on a resource: that resource was not fully checked
FILE_NOT_READ = "ORCH911"  # a file a template names that the confined reader refused
DIFF_UNMATCHED_RESOURCE = "ORCH809"  # diff: a resource that cannot be paired with the other version
API_PROFILE_UNKNOWN = "ORCH915"  # a resource without apiVersion whose apiProfile version is not known
