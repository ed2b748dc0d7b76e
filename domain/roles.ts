/** Who uses the product (see DOMAIN.md "Who uses it"). */
export const roles = [
  'admin', // 系统管理员
  'supervisor', // 监管人员
  'leader', // 包案领导 / 安委办负责人
  'enterprise', // 生产经营单位
  'expert', // 专家 / 第三方技术服务机构
  'grid_member', // 网格员
] as const;
export type Role = (typeof roles)[number];

/** The public (群众) reports without an account; commands they issue carry this actor role. */
export type ActorRole = Role | 'public' | 'system';
