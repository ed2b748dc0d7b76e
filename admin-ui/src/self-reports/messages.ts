/** Messages of the 自查自报 pages. `en` is typed by `zh`, so the two cannot drift apart. */
export const zh = {
  resources: {
    'self-reports': {
      name: '自查自报 |||| 自查自报',
      fields: {
        enterpriseId: '企业',
        periodStart: '报告期',
        dueOn: '截止日期',
        submittedAt: '报送时间',
        onTime: '按时',
        noHazard: '本期未发现隐患',
        hazardsReported: '上报隐患',
        hazardsRectified: '已整改',
        selfInspections: '自查次数',
        note: '说明',
      },
    },
    'self-report-flags': {
      name: '自查自报预警 |||| 自查自报预警（系统有觉察）',
      fields: {
        enterpriseName: '企业',
        kind: '预警',
        periodStart: '报告期',
        createdAt: '发现时间',
        details: '情况',
      },
    },
    'self-report-current': { name: '本期自查自报 |||| 本期自查自报' },
  },
  selfReport: {
    kind: { missing: '未报', late: '迟报', silent: '长期零报告', under_reporting: '隐患明显偏少' },
    period_kind: { month: '月报', half_month: '半月报' },
    on_time: { yes: '按时', no: '逾期报送' },
    period: '%{start} 至 %{end}',
    no_hazard: '未发现隐患',
    current: {
      title: '本期自查自报',
      due: '截止 %{date}',
      overdue: '已过截止日期，请尽快报送（将记为迟报）',
      submitted: '已于 %{at} 报送%{late}',
      late: '（迟报）',
      figures: '本期台账：上报隐患 %{reported} 条，已整改 %{rectified} 条，自查 %{inspections} 次',
      submit: '报送本期自查自报',
      no_hazard_label: '本期未发现隐患（如实声明）',
      note: '说明（可选）',
      done: '已报送',
    },
    details: {
      silent: '连续 %{periods} 期零报告',
      under: '本期 %{count} 条，行业平均 %{average} 条',
    },
  },
};

export const en: typeof zh = {
  resources: {
    'self-reports': {
      name: 'Self-report |||| Self-reports',
      fields: {
        enterpriseId: 'Enterprise',
        periodStart: 'Period',
        dueOn: 'Due',
        submittedAt: 'Submitted',
        onTime: 'On time',
        noHazard: 'No hazard found',
        hazardsReported: 'Hazards reported',
        hazardsRectified: 'Rectified',
        selfInspections: 'Self-inspections',
        note: 'Note',
      },
    },
    'self-report-flags': {
      name: 'Self-report flag |||| Self-report flags',
      fields: {
        enterpriseName: 'Enterprise',
        kind: 'Flag',
        periodStart: 'Period',
        createdAt: 'Noticed',
        details: 'Details',
      },
    },
    'self-report-current': { name: "This period's self-report" },
  },
  selfReport: {
    kind: {
      missing: 'Missing',
      late: 'Late',
      silent: 'Silent for months',
      under_reporting: 'Far below industry',
    },
    period_kind: { month: 'Monthly', half_month: 'Half-monthly' },
    on_time: { yes: 'On time', no: 'Late' },
    period: '%{start} to %{end}',
    no_hazard: 'No hazard found',
    current: {
      title: "This period's self-report",
      due: 'Due %{date}',
      overdue: 'Past the due date: report now (it will count as late)',
      submitted: 'Submitted %{at}%{late}',
      late: ' (late)',
      figures:
        'Ledger this period: %{reported} hazards reported, %{rectified} rectified, %{inspections} self-inspections',
      submit: 'Submit this period',
      no_hazard_label: 'No hazard found this period (declared)',
      note: 'Note (optional)',
      done: 'Submitted',
    },
    details: {
      silent: '%{periods} periods without a hazard',
      under: '%{count} this period against an industry average of %{average}',
    },
  },
};
