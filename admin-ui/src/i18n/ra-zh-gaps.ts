/**
 * react-admin messages the Chinese pack has not caught up with yet. Merged over the pack so a Chinese user never
 * meets an English sentence; the i18n test fails when react-admin adds another.
 */
export const raZhGaps = {
  ra: {
    action: {
      reset: '重置',
      search_columns: '搜索列',
      select_all_button: '全选',
      create_item: '新建%{item}',
    },
    page: {
      access_denied: '无权访问',
      authentication_error: '认证错误',
      // The pack writes "隐患案件 列表" and "新建 隐患案件": a space between two Chinese words, and a 列表 the menu
      // does not say. A page is named as its menu entry is.
      list: '%{name}',
      create: '新建%{name}',
      empty: '暂无%{name}',
      dashboard: '工作台',
      // The pack still shows the raw id (react-admin 4); a case is known by its name.
      show: '%{name}：%{recordRepresentation}',
      edit: '编辑%{name}：%{recordRepresentation}',
    },
    message: {
      access_denied: '您没有访问此页面的权限',
      authentication_error: '认证服务返回错误，无法验证您的身份。',
      select_all_limit_reached: '数据过多，无法全部选中，仅选中了前 %{max} 项。',
      placeholder_data_warning: '网络异常：数据刷新失败。',
    },
    navigation: {
      page_rows_per_page: '每页条数：',
      clear_filters: '清除筛选',
      no_filtered_results: '当前筛选条件下没有%{name}。',
      partial_page_range_info: '第 %{offsetBegin}-%{offsetEnd} 条，共超过 %{offsetEnd} 条',
    },
    configurable: { inspector: { title: '设置' } },
    auth: { email: '电子邮箱' },
    notification: {
      offline: '网络未连接，无法获取数据。',
      logged_out: '登录已过期，请重新登录',
      data_provider_error: '数据服务出错，请稍后重试',
    },
    validation: { unique: '不能重复' },
    // The pack's "将文件集合拖拽到这里" is a machine translation; every upload box says it plainly.
    input: {
      file: {
        upload_several: '点击选择文件，或将文件拖到这里（可多选）',
        upload_single: '点击选择文件，或将文件拖到这里',
      },
      image: {
        upload_several: '点击选择图片，或将图片拖到这里（可多选）',
        upload_single: '点击选择图片，或将图片拖到这里',
      },
    },
    guesser: { empty: { title: '没有可显示的数据', message: '请检查数据提供程序' } },
  },
};
