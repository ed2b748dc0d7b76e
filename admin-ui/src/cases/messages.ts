/** Messages of the case page's judgement, tasks and timeline, and of the command forms' hints. */
export const zhCasePage = {
  case_page: {
    judgement: '研判认定',
    clause: '判定依据',
    reason: '认定理由',
    decision: { major: '重大事故隐患', general: '一般事故隐患', not_hazard: '不构成隐患' },
    standard_of: '《%{standard}》',
    overdue: '已逾期',
    acts: '承办',
    actor: '%{name}（%{unit}）',
    more_actions: '其他操作',
    future_date: '须晚于今天（%{today}）',
    clause_hint: '可直接从列表选择，或输入条款号、关键词、标准名称搜索',
    leader_hint: '挂牌层级所在地区或其上级在岗的领导',
    leader_pick_level: '请先选择挂牌层级',
    leader_none: '该地区暂无在岗的领导',
  },
};

export const enCasePage: typeof zhCasePage = {
  case_page: {
    judgement: 'Judgement',
    clause: 'Clause',
    reason: 'Reason',
    decision: { major: 'Major hazard', general: 'General hazard', not_hazard: 'Not a hazard' },
    standard_of: '“%{standard}”',
    overdue: 'Overdue',
    acts: 'Must act',
    actor: '%{name} (%{unit})',
    more_actions: 'More',
    future_date: 'Must be after today (%{today})',
    clause_hint: 'Pick from the list, or type a clause number, a keyword or the standard',
    leader_hint: 'Active leaders of the listing level’s region or above',
    leader_pick_level: 'Choose the listing level first',
    leader_none: 'No active leaders in this region',
  },
};
