import type { Role } from '../../../domain/roles';

/** Home is 工作台 for those who supervise, 我的待办 for those who act on their own tasks: one name, menu and title. */
export const HOME_TITLE: Record<Role, string> = {
  admin: 'dashboard.title',
  supervisor: 'dashboard.title',
  leader: 'dashboard.title',
  enterprise: 'tasks.my_title',
  expert: 'tasks.my_title',
  grid_member: 'tasks.my_title',
};
