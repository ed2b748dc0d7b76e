/** Messages of 差异化监管策略 (the duty policy: frequencies by grade, periods). `en` is typed by `zh`. */
const colours = {
  red: '红色风险',
  orange: '橙色风险',
  yellow: '黄色风险',
  blue: '蓝色风险',
  unassessed: '未评定',
};
const levels = { A: 'A级', B: 'B级', C: 'C级', D: 'D级', unassessed: '未评定' };
const coloursEn = {
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  blue: 'Blue',
  unassessed: 'Not assessed',
};
const levelsEn = { A: 'Level A', B: 'Level B', C: 'Level C', D: 'Level D', unassessed: 'Not assessed' };

export const zh = {
  resources: {
    'duty-policies': {
      name: '差异化监管策略 |||| 差异化监管策略',
      fields: {
        regionCode: '适用区域',
        regionName: '适用区域',
        version: '版本',
        effectiveFrom: '生效日期',
        name: '名称',
        createdAt: '制定时间',
        state: '状态',
      },
    },
  },
  dutyPolicy: {
    version: '第 %{version} 版',
    state: { in_force: '现行', future: '待生效', superseded: '已被替代' },
    changes: '本版改动（相对于%{base}）',
    base_version: '第 %{version} 版',
    base_default: '默认规定',
    no_changes: '与上一版相同',
    field: '项目',
    before: '原规定',
    after: '新规定',
    starting_from: '以该区域现行规定为起点，只需修改不同之处',
    starting_default: '（现行为默认规定）',
    sections: {
      patrol: '网格巡查频次（按风险等级）',
      inspection: '监督检查频次（按安全管理等级）',
      selfReport: '自查自报',
      hazard: '一般隐患整改',
    },
    unit: { calendar: '自然日', working: '工作日' },
    days: '%{n} 天',
    months: '%{n} 个月',
    period: { month: '每月', half_month: '每半月' },
    f: {
      name: '名称',
      hazard: {
        rectifyWithin: '整改期限',
        maxRectify: '最长整改期限',
        reportWithin: '及时上报时限',
        yellowDays: '到期前亮黄灯（天）',
        reopenRectifyWithin: '抽查不合格后重新整改期限',
      },
      selfReport: {
        periodByLevel: levels,
        dueAfter: '报送截止（周期结束后）',
        silentPeriods: '连续零报告期数（判为长期零报告）',
        underReportRatio: '低于行业平均的比例（判为隐患明显偏少）',
        minIndustryAverage: '行业平均起算值',
      },
      patrol: { everyDaysByColour: colours },
      inspection: { everyMonthsByLevel: levels, coverageTargetPct: '月度检查覆盖率目标（%）' },
    },
    form_days: '%{label}：每隔天数',
    form_months: '%{label}：每隔月数',
    form_period: '%{label}：报送周期',
    amount: '%{label}（天数）',
    unit_label: '计日方式',
  },
};

export const en: typeof zh = {
  resources: {
    'duty-policies': {
      name: 'Supervision policy |||| Differentiated supervision',
      fields: {
        regionCode: 'Region',
        regionName: 'Region',
        version: 'Version',
        effectiveFrom: 'Effective from',
        name: 'Name',
        createdAt: 'Created',
        state: 'State',
      },
    },
  },
  dutyPolicy: {
    version: 'Version %{version}',
    state: { in_force: 'In force', future: 'Not yet in force', superseded: 'Superseded' },
    changes: 'Changes in this version (against %{base})',
    base_version: 'version %{version}',
    base_default: 'the default policy',
    no_changes: 'Same as the version before',
    field: 'Item',
    before: 'Before',
    after: 'After',
    starting_from: "Starts from the region's policy in force: change only what differs",
    starting_default: '(the default policy is in force)',
    sections: {
      patrol: 'Grid patrols (by risk colour)',
      inspection: 'Inspections (by management level)',
      selfReport: 'Monthly self-report',
      hazard: 'General hazard rectification',
    },
    unit: { calendar: 'calendar days', working: 'working days' },
    days: '%{n} days',
    months: '%{n} months',
    period: { month: 'Monthly', half_month: 'Twice a month' },
    f: {
      name: 'Name',
      hazard: {
        rectifyWithin: 'Rectify within',
        maxRectify: 'Longest deadline',
        reportWithin: 'Report within',
        yellowDays: 'Yellow light days before the deadline',
        reopenRectifyWithin: 'Rectify within after a failed spot check',
      },
      selfReport: {
        periodByLevel: levelsEn,
        dueAfter: 'Due after the period ends',
        silentPeriods: 'Periods without a hazard before flagged silent',
        underReportRatio: 'Share of the industry average below which flagged',
        minIndustryAverage: 'Industry average needed to judge',
      },
      patrol: { everyDaysByColour: coloursEn },
      inspection: { everyMonthsByLevel: levelsEn, coverageTargetPct: 'Monthly coverage target (%)' },
    },
    form_days: '%{label}: every N days',
    form_months: '%{label}: every N months',
    form_period: '%{label}: report period',
    amount: '%{label} (days)',
    unit_label: 'Counted in',
  },
};
