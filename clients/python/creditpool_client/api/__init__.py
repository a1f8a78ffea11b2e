# flake8: noqa

# import apis into api package
from creditpool_client.api.admin_api import AdminApi
from creditpool_client.api.events_api import EventsApi
from creditpool_client.api.groups_api import GroupsApi
from creditpool_client.api.plans_api import PlansApi
from creditpool_client.api.portal_api import PortalApi
from creditpool_client.api.sandbox_api import SandboxApi
from creditpool_client.api.service_api import ServiceApi
from creditpool_client.api.teams_api import TeamsApi

