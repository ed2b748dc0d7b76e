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
  },
};
