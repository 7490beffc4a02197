# Accounts and the audit trail: the domain code below AccountService and AuditService.
target_sources(gfo_service PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/account_admin.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/audit_trail.cc)
