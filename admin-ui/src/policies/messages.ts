/** Messages of the deadline policy pages (督办时限规定). The policy's own field names are in its schema. */
export const zh = {
  resources: {
    policies: {
      name: '督办时限规定 |||| 督办时限规定',
      fields: {
        id: '编号',
        regionCode: '适用区域',
        regionName: '适用区域',
        version: '版本',
        name: '名称',
        effectiveFrom: '施行日期',
        note: '制定说明',
        createdAt: '制定时间',
      },
    },
  },
  policy: {
    title: '督办时限规定',
    source: '%{region} 第%{version}版（%{from}起施行）',
    default: '系统默认时限（据青岛、湖北公开规定）',
    overrides: '取代',
    changes: '与所取代规定相比的变化',
    body: '全部时限',
    no_changes: '与所取代的规定相同',
    field: '项目',
    before: '原规定',
    after: '新规定',
    preview: '预览：今天挂牌的案件',
    dates: '%{date} 挂牌的案件将得到的期限（按整改期限上限计）',
    duration: '时限',
    from: '起算',
    date: '日期',
    starting_from: '已载入该区域现行规定，请只修改需要变化的项目。现行：',
    pinned_note: '规定在案件挂牌时固定：此后的新版本不影响已挂牌的案件。',
  },
};

export const en: typeof zh = {
  resources: {
    policies: {
      name: 'Deadline policy |||| Deadline policies',
      fields: {
        id: 'ID',
        regionCode: 'Region',
        regionName: 'Region',
        version: 'Version',
        name: 'Name',
        effectiveFrom: 'Effective from',
        note: 'Note',
        createdAt: 'Made at',
      },
    },
  },
  policy: {
    title: 'Deadline policies',
    source: '%{region} version %{version} (from %{from})',
    default: 'Default deadlines (after the Qingdao and Hubei public rules)',
    overrides: 'Overrides',
    changes: 'Changes against the policy it overrides',
    body: 'All deadlines',
    no_changes: 'Same as the policy it overrides',
    field: 'Item',
    before: 'Before',
    after: 'After',
    preview: 'Preview: a case listed today',
    dates: 'Deadlines of a case listed on %{date} (rectification at its longest)',
    duration: 'Duration',
    from: 'Counted from',
    date: 'Date',
    starting_from: 'The policy in force in the region is loaded: change only what differs. In force: ',
    pinned_note: 'A case keeps the policy it was listed under: later versions never change a listed case.',
  },
};
