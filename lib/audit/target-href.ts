// Where an audit entry's target lives in the dashboard: the account, bulk
// action or notice page of its incident, the incident itself, the staff or
// API token lists. Null when it has no page (or its incident is not known).

type Target = { type: string; id: string | null; label: string };

export function auditTargetHref(target: Target, incidentSlug: string | null): string | null {
  const incident = incidentSlug ? `/incidents/${encodeURIComponent(incidentSlug)}` : null;
  const id = target.id ? encodeURIComponent(target.id) : null;
  switch (target.type) {
    case "incident":
      return target.label !== target.id ? `/incidents/${encodeURIComponent(target.label)}` : null;
    case "customer_account":
      return incident && id ? `${incident}/accounts/${id}` : null;
    case "bulk_action":
      return incident && id ? `${incident}/bulk-actions/${id}` : null;
    case "notice_campaign":
      return incident && id ? `${incident}/notices/${id}` : null;
    case "import_job":
      return incident ? `${incident}/imports` : null;
    case "timeline_event":
    case "notification_obligation":
      return incident ? `${incident}/timeline` : null;
    case "staff_user":
      return "/admin/staff";
    case "api_token":
      return "/admin/api-tokens";
    default:
      return null;
  }
}
