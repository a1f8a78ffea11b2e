/* tslint:disable */
/* eslint-disable */
export * from './AdminApi';
export * from './EventsApi';
export * from './GroupsApi';
export * from './PlansApi';
export * from './PortalApi';
export * from './SandboxApi';
export * from './ServiceApi';
export * from './TeamsApi';
