<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../gridworker/ui/help.py" line="208"/>
        <source>关于网格员工作台</source>
        <translation>About Grid Worker Desk</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="210"/>
        <source>网格员工作台 gridworker {0}</source>
        <translation>Grid Worker Desk (gridworker) {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="224"/>
        <source>需要技术支持时，请复制以上信息，并附上日志文件。</source>
        <translation>When you contact support, copy the information above and attach the log file.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="228"/>
        <source>复制(&amp;C)</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="230"/>
        <source>打开数据文件夹(&amp;D)</source>
        <translation>Open &amp;data folder</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="232"/>
        <source>打开日志文件夹(&amp;L)</source>
        <translation>Open &amp;log folder</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="254"/>
        <source>版本：{0}</source>
        <translation>Version: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="255"/>
        <source>数据文件夹：{0}</source>
        <translation>Data folder: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="256"/>
        <source>日志文件：{0}</source>
        <translation>Log file: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="256"/>
        <source>（未启用）</source>
        <translation>(not enabled)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="257"/>
        <source>平台地址：{0}</source>
        <translation>Centre address: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="257"/>
        <location filename="../../gridworker/ui/help.py" line="258"/>
        <source>未登录</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="258"/>
        <source>账号：{0}</source>
        <translation>Account: {0}</translation>
    </message>
</context>
<context>
    <name>AmendVisitDialog</name>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="82"/>
        <source>原记录不会被修改：更正会记下更正人、时间和原因，原内容保留可查。</source>
        <translation>The original record is never changed: a correction records who made it, when and why, and the original stays readable.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="106"/>
        <source>必填，如：见到的人写错了；补充群众诉求</source>
        <translation>Required, e.g.: wrong person noted; a request was left out</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="110"/>
        <location filename="../../gridworker/ui/visit_amend.py" line="324"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="111"/>
        <source>保存更正（Ctrl+S）</source>
        <translation>Save the correction (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="114"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="115"/>
        <source>不保存（Esc）；有未保存的修改时先询问保留还是放弃</source>
        <translation>Do not save (Esc); with unsaved changes, asks whether to keep or discard them first</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="132"/>
        <source>时长(&amp;D)：</source>
        <translation>&amp;Duration:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="137"/>
        <source>走访类型(&amp;T)：</source>
        <translation>Visit &amp;type:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="139"/>
        <source>见到的人(&amp;W)：</source>
        <translation>People met (&amp;W):</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="140"/>
        <source>走访情况(&amp;M)：</source>
        <translation>Su&amp;mmary:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="142"/>
        <source>发现事项：</source>
        <translation>Findings:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="143"/>
        <source>处理结果：</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="153"/>
        <source>更正原因(&amp;Y)：</source>
        <translation>Reason for the correction (&amp;Y):</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="186"/>
        <source>更正走访记录</source>
        <translation>Correct a visit record</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="188"/>
        <source>更正 {0} 的走访记录</source>
        <translation>Correct the visit of {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="233"/>
        <source>没有需要更正的内容：请先修改要更正的项目，再保存。</source>
        <translation>Nothing to correct: change the items that are wrong first, then save.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="236"/>
        <source>请填写更正原因：说明为什么要更正这条记录。</source>
        <translation>Please give a reason: say why this record needs correcting.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="324"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_amend.py" line="340"/>
        <source>更正未能保存</source>
        <translation>The correction was not saved</translation>
    </message>
</context>
<context>
    <name>ConflictCentre</name>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="78"/>
        <source>冲突与被拒绝的修改</source>
        <translation>Conflicts and refused changes</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="94"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="105"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>记录</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Record</translation>
    </message>
    <message>
        <source>项目</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Field</translation>
    </message>
    <message>
        <source>情况</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Situation</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="123"/>
        <source>没有待处理的冲突。</source>
        <translation>No conflicts waiting for a decision.</translation>
    </message>
    <message>
        <source>处理方式</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Decision</translation>
    </message>
    <message>
        <source>采用的值</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Value kept</translation>
    </message>
    <message>
        <source>处理人</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Decided by</translation>
    </message>
    <message>
        <source>处理时间</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Decided at</translation>
    </message>
    <message>
        <source>状态</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="180"/>
        <source>这次同步没有完成；决定已保存在本机，下次同步时提交。</source>
        <translation>This sync did not finish; the decision is saved here and will be sent with the next sync.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="183"/>
        <source>已同步到平台。</source>
        <translation>Synced to the centre.</translation>
    </message>
    <message>
        <source>双方都改了</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Both changed</translation>
    </message>
    <message>
        <source>平台已删除</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Deleted at the centre</translation>
    </message>
    <message>
        <source>平台已修改</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Changed at the centre</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="222"/>
        <source>待处理的冲突（{0}）</source>
        <translation>Open conflicts ({0})</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="223"/>
        <source>已处理（{0}）</source>
        <translation>Decided ({0})</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_centre.py" line="225"/>
        <source>被拒绝的修改（{0}）</source>
        <translation>Refused changes ({0})</translation>
    </message>
    <message>
        <source>采用我的值</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Use mine</translation>
    </message>
    <message>
        <source>采用平台的值</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Use theirs</translation>
    </message>
    <message>
        <source>填写新值</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>New value</translation>
    </message>
    <message>
        <source>保留这条记录</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Keep this record</translation>
    </message>
    <message>
        <source>同意删除</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Accept deletion</translation>
    </message>
    <message>
        <source>仍然删除</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Delete anyway</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>修改</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Change</translation>
    </message>
    <message>
        <source>原因</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Reason</translation>
    </message>
    <message>
        <source>修改时间</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Changed at</translation>
    </message>
    <message>
        <source>内容</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Content</translation>
    </message>
    <message>
        <source>被拒绝的原因</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Why it was refused</translation>
    </message>
    <message>
        <source>保留时间</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>Kept at</translation>
    </message>
    <message>
        <source>；</source>
        <extracomment>gridworker/ui/conflict_models.py</extracomment>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>ConflictDecision</name>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="52"/>
        <source>原来的值</source>
        <translation>Before</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="53"/>
        <source>我的修改</source>
        <translation>Mine</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="54"/>
        <source>平台上的值</source>
        <translation>The centre&apos;s</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="67"/>
        <source>采用我的(&amp;M)</source>
        <translation>Use &amp;mine</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="68"/>
        <source>把这一项改回我填写的值</source>
        <translation>Set this field back to the value I entered</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="69"/>
        <source>采用平台的(&amp;T)</source>
        <translation>Use &amp;theirs</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="70"/>
        <source>保留平台上的值，放弃我的修改</source>
        <translation>Keep the centre&apos;s value and give up my change</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="71"/>
        <source>保留这条记录(&amp;K)</source>
        <translation>&amp;Keep this record</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="72"/>
        <source>这条记录继续保留</source>
        <translation>This record stays</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="73"/>
        <location filename="../../gridworker/ui/conflict_decision.py" line="161"/>
        <source>同意删除(&amp;D)</source>
        <translation>Accept &amp;deletion</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="74"/>
        <source>删除这条记录</source>
        <translation>Delete this record</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="86"/>
        <source>新值(&amp;V)：</source>
        <translation>New &amp;value:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="89"/>
        <source>填写这一项的正确值</source>
        <translation>Type the correct value for this field</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="95"/>
        <source>填写新值(&amp;N)</source>
        <translation>Use &amp;new value</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="96"/>
        <source>用新填写的值代替双方的值</source>
        <translation>Replace both values with the one typed here</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="108"/>
        <source>选择后立即记录在本机，并自动同步到平台；处理结果可在“已处理”中查看。</source>
        <translation>Your choice is saved here at once and synced to the centre automatically; see it under &quot;Decided&quot;.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="157"/>
        <source>仍然删除(&amp;D)</source>
        <translation>&amp;Delete anyway</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="158"/>
        <source>删除这条记录，不管平台上的修改</source>
        <translation>Delete this record despite the centre&apos;s change</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="159"/>
        <source>不删除了，保留平台上修改后的记录</source>
        <translation>Do not delete; keep the record as the centre changed it</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="162"/>
        <source>同意平台删除这条记录，放弃我的修改</source>
        <translation>Accept the centre&apos;s deletion and give up my change</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="163"/>
        <source>恢复这条记录，并保留我的修改</source>
        <translation>Restore this record with my change</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="212"/>
        <source>请填写新值，或选择采用我的或平台的值。</source>
        <translation>Type a new value, or choose mine or the centre&apos;s.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="232"/>
        <source>已记录：{0}，{1}。</source>
        <translation>Recorded: {0}, {1}.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_decision.py" line="234"/>
        <source>正在同步到平台…</source>
        <translation>Syncing to the centre…</translation>
    </message>
</context>
<context>
    <name>DraftPrompt</name>
    <message>
        <source>未保存的修改</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>有尚未保存的修改。要保留为草稿吗？</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>There are unsaved changes. Keep them as a draft?</translation>
    </message>
    <message>
        <source>保留草稿：下次打开时恢复这些内容，并会提示。
放弃修改：删除草稿，不保存这些内容。</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>Keep draft: they come back, marked as a draft, the next time this form opens.
Discard changes: the draft is deleted and nothing is saved.</translation>
    </message>
    <message>
        <source>保留草稿(&amp;K)</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>&amp;Keep draft</translation>
    </message>
    <message>
        <source>放弃修改(&amp;D)</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>&amp;Discard changes</translation>
    </message>
    <message>
        <source>继续编辑(&amp;C)</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>&amp;Continue editing</translation>
    </message>
    <message>
        <source>放弃草稿(&amp;Q)</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>Discard draft (&amp;Q)</translation>
    </message>
    <message>
        <source>删除草稿，恢复为原来的内容</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>Delete the draft and go back to what was there before</translation>
    </message>
    <message>
        <source>已恢复上次未保存的草稿（{0}）</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>Restored the unsaved draft from last time ({0})</translation>
    </message>
    <message>
        <source>已恢复上次未保存的草稿</source>
        <extracomment>gridworker/ui/draft_prompt.py</extracomment>
        <translation>Restored the unsaved draft from last time</translation>
    </message>
</context>
<context>
    <name>FindingsEditor</name>
    <message>
        <location filename="../../gridworker/ui/fields.py" line="314"/>
        <source>说明（可选）</source>
        <translation>Details (optional)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/fields.py" line="315"/>
        <source>{0}说明</source>
        <translation>{0} details</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>取消</source>
        <extracomment>gridworker/ui/form_dialog.py</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>关闭（Esc）；有未保存的修改时先询问保留还是放弃</source>
        <extracomment>gridworker/ui/form_dialog.py</extracomment>
        <translation>Close (Esc); with unsaved changes, asks whether to keep or discard them first</translation>
    </message>
    <message>
        <source>保存</source>
        <extracomment>gridworker/ui/form_dialog.py</extracomment>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存（Ctrl+S）</source>
        <extracomment>gridworker/ui/form_dialog.py</extracomment>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>保存表单</source>
        <extracomment>gridworker/ui/form_dialog.py</extracomment>
        <translation>Save the form</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <extracomment>gridworker/ui/form_dialog.py</extracomment>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../gridworker/ui/help.py" line="282"/>
        <source>快捷键…</source>
        <translation>Keyboard shortcuts…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="288"/>
        <source>同步是如何工作的…</source>
        <translation>How sync works…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="290"/>
        <source>关于…</source>
        <translation>About…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="294"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
</context>
<context>
    <name>HouseholdDetailPane</name>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="86"/>
        <source>查看</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="88"/>
        <source>查看完整电话（需说明理由，记入审计日志）</source>
        <translation>Show the full phone number (needs a reason; audit-logged)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="119"/>
        <source>查看完整身份证号…</source>
        <translation>Show full ID number…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="122"/>
        <source>查看完整电话…</source>
        <translation>Show full phone number…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="175"/>
        <source>从左侧列表选择一户，或按 Ctrl+F 搜索居民。</source>
        <translation>Select a household on the left, or press Ctrl+F to search residents.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="267"/>
        <source>（未填写地址）</source>
        <translation>(no address)</translation>
    </message>
    <message>
        <source>户主：{0}</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Head of household: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="272"/>
        <source>未登记</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>not registered</translation>
    </message>
    <message>
        <source>房屋类型：{0}</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Dwelling: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="272"/>
        <source>联系电话：{0}</source>
        <translation>Phone: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="282"/>
        <source>该电话不属于在册居民，暂不能查看完整号码</source>
        <translation>This phone does not belong to a registered resident; the full number cannot be shown</translation>
    </message>
    <message>
        <source>居民（在册 {0} 人）</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Residents ({0} registered)</translation>
    </message>
    <message>
        <source>居民（在册 {0} 人，另有 {1} 人迁出或死亡）</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Residents ({0} registered, {1} moved out or deceased)</translation>
    </message>
    <message>
        <source>走访记录（{0} 次，最近 {1}）</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Visits ({0}, latest {1})</translation>
    </message>
    <message>
        <source>走访记录（尚无）</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Visits (none yet)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="344"/>
        <source>编辑居民…</source>
        <translation>Edit resident…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="369"/>
        <source>查看走访记录…</source>
        <translation>View visit record…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="372"/>
        <source>更正…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_detail.py" line="398"/>
        <source>新建走访 — {0}</source>
        <translation>New visit — {0}</translation>
    </message>
    <message>
        <source>本户{0}，无需走访</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Household {0}; no visit needed</translation>
    </message>
    <message>
        <source>从未走访，请尽快走访</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Never visited; visit soon</translation>
    </message>
    <message numerus="yes">
        <source>已逾期 %n 天</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>还有 %n 天</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>
            <numerusform>in %n day</numerusform>
            <numerusform>in %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>、</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>, </translation>
    </message>
    <message>
        <source>&#x3000;·&#x3000;</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation> · </translation>
    </message>
    <message numerus="yes">
        <source>%n 条走访记录已被平台撤销</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>
            <numerusform>%n visit record was redacted by the centre</numerusform>
            <numerusform>%n visit records were redacted by the centre</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n 条走访更正已被平台撤销</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>
            <numerusform>%n visit correction was redacted by the centre</numerusform>
            <numerusform>%n visit corrections were redacted by the centre</numerusform>
        </translation>
    </message>
    <message>
        <source>原因：{0}（{1}）</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Reason: {0} ({1})</translation>
    </message>
    <message>
        <source>{0}。{1}</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>{0}. {1}</translation>
    </message>
    <message>
        <source>今天到期</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>due today</translation>
    </message>
    <message>
        <source>从未走访，</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>never visited, </translation>
    </message>
    <message>
        <source>下次应访：{0}（{1}）</source>
        <extracomment>gridworker/ui/household_facts.py</extracomment>
        <translation>Next visit due: {0} ({1})</translation>
    </message>
</context>
<context>
    <name>HouseholdEditor</name>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="83"/>
        <source>如 三组、幸福小区2栋</source>
        <translation>e.g. Group 3, Xingfu Estate block 2</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="86"/>
        <source>如 12号、2单元301</source>
        <translation>e.g. No. 12, unit 2 room 301</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="90"/>
        <source>组别和门牌号之外的说明，如 村委会东侧</source>
        <translation>anything beyond group and door number, e.g. east of the village committee</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="95"/>
        <source>保存后新增第一位居民，“与户主关系”选“户主”即登记为户主</source>
        <translation>After saving, add the first resident with the relation “Head of household”: that makes them the head</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="105"/>
        <source>更换号码(&amp;H)</source>
        <translation>Repla&amp;ce number</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="107"/>
        <source>清空已登记的号码，输入新号码（留空则不再登记电话）</source>
        <translation>Clear the number on file and type a new one (leave it empty to record no phone)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="115"/>
        <source>户标签</source>
        <translation>Household tags</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="117"/>
        <source>保存后新增第一位居民(&amp;F)</source>
        <translation>Add the &amp;first resident after saving</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="119"/>
        <source>户状态(&amp;U)…</source>
        <translation>Stat&amp;us…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="120"/>
        <source>标为已迁出、空置，或恢复正常</source>
        <translation>Mark as moved out or vacant, or back to normal</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="125"/>
        <source>网格(&amp;W)：</source>
        <translation>G&amp;rid:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="127"/>
        <source>组别(&amp;G)：</source>
        <translation>&amp;Group:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="128"/>
        <source>门牌号(&amp;D)：</source>
        <translation>&amp;Door number:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="130"/>
        <source>详细地址(&amp;A)：</source>
        <translation>Addr&amp;ess details:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="134"/>
        <source>户主(&amp;Z)：</source>
        <translation>&amp;Head of household:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="135"/>
        <source>联系电话(&amp;P)：</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="138"/>
        <source>房屋类型(&amp;T)：</source>
        <translation>Dwelling &amp;type:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="140"/>
        <source>户标签(&amp;L)：</source>
        <translation>Household t&amp;ags:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="171"/>
        <location filename="../../gridworker/ui/household_editor.py" line="172"/>
        <source>新增户</source>
        <translation>Add household</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="185"/>
        <source>编辑户信息</source>
        <translation>Edit household</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="186"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="208"/>
        <location filename="../../gridworker/ui/household_editor.py" line="267"/>
        <source>本机还没有网格：请先登录网格管理平台并同步，再新增户</source>
        <translation>There is no grid on this computer yet: sign in to the grid centre and sync, then add households</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="235"/>
        <source>手机或带区号的固定电话（可不填）</source>
        <translation>mobile, or landline with area code (optional)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="251"/>
        <location filename="../../gridworker/ui/household_editor.py" line="300"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="281"/>
        <source>编辑户：{0}</source>
        <translation>Edit household: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="281"/>
        <source>（未填写地址）</source>
        <translation>(no address)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="296"/>
        <source>（未登记户主）</source>
        <translation>(no head registered)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="322"/>
        <source>当前状态：{0}</source>
        <translation>Current status: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="324"/>
        <source>当前状态：房屋空置</source>
        <translation>Current state: dwelling vacant</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="337"/>
        <source>无法读取户信息</source>
        <translation>Could not read the household</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="389"/>
        <source>输入新号码；留空则不再登记电话</source>
        <translation>Type the new number; leave empty to record no phone</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_editor.py" line="419"/>
        <source>户信息未能保存</source>
        <translation>The household was not saved</translation>
    </message>
</context>
<context>
    <name>HouseholdModel</name>
    <message>
        <source>全部</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>All</translation>
    </message>
    <message>
        <source>从未走访</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Never visited</translation>
    </message>
    <message>
        <source>重点关爱</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Care focus</translation>
    </message>
    <message>
        <source>有冲突或被拒绝</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Conflict or refused</translation>
    </message>
    <message>
        <source>从未走访：自登记起即应走访，最迟 {0}</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Never visited: due since it was registered, by {0} at the latest</translation>
    </message>
    <message>
        <source>最近走访 {0}，下次应访 {1}</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Last visited {0}, next visit due {1}</translation>
    </message>
    <message>
        <source>组</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Group</translation>
    </message>
    <message>
        <source>门牌号</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Door no.</translation>
    </message>
    <message>
        <source>户主</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Head</translation>
    </message>
    <message>
        <source>人数</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Size</translation>
    </message>
    <message>
        <source>关爱对象</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Care category</translation>
    </message>
    <message>
        <source>最近走访</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>下次应访</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Next due</translation>
    </message>
    <message>
        <source>状态</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>同步</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Sync</translation>
    </message>
    <message>
        <source>（未登记）</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>(not registered)</translation>
    </message>
    <message>
        <source>—</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>—</translation>
    </message>
    <message>
        <source>尽快</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>ASAP</translation>
    </message>
</context>
<context>
    <name>HouseholdReveals</name>
    <message>
        <location filename="../../gridworker/ui/household_reveal.py" line="54"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_reveal.py" line="54"/>
        <source>联系电话</source>
        <translation>phone number</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_reveal.py" line="59"/>
        <location filename="../../gridworker/ui/household_reveal.py" line="79"/>
        <source>查看完整信息</source>
        <translation>Show full details</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_reveal.py" line="60"/>
        <source>查看{0}的完整{1}需要说明理由（将记入审计日志）：</source>
        <translation>Give a reason to see {0}&apos;s full {1} (recorded in the audit log):</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_reveal.py" line="80"/>
        <source>查看本户联系电话需要说明理由（将记入审计日志）：</source>
        <translation>Give a reason to see this household&apos;s phone number (recorded in the audit log):</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_reveal.py" line="89"/>
        <source>联系电话：{0}</source>
        <translation>Phone: {0}</translation>
    </message>
</context>
<context>
    <name>HouseholdStatusDialog</name>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="68"/>
        <source>户状态</source>
        <translation>Household state</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="69"/>
        <source>（未填写地址）</source>
        <translation>(no address)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="70"/>
        <source>当前：{0}</source>
        <translation>Now: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="72"/>
        <source>正常在册，有人居住(&amp;N)</source>
        <translation>&amp;Normal: on the roster, lived in</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="73"/>
        <source>房屋空置(&amp;V)</source>
        <translation>Dwelling &amp;vacant</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="74"/>
        <source>全户已迁出(&amp;O)</source>
        <translation>Whole household moved &amp;out</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="81"/>
        <source>房屋类型(&amp;T)：</source>
        <translation>Dwelling &amp;type:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="86"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="88"/>
        <source>确认修改</source>
        <translation>Confirm change</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="120"/>
        <source>在册 · {0}</source>
        <translation>On the roster · {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="154"/>
        <source>有人居住，按期走访。</source>
        <translation>Lived in; visited on schedule.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="155"/>
        <source>房屋暂时无人居住：户仍在册，走访提醒照常（可上门查看房屋情况）。</source>
        <translation>Nobody lives there for now: the household stays on the roster and visit reminders continue (you may check on the house).</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="157"/>
        <source>全户已迁走：户、居民和走访记录都保留，不再提醒走访。居民的状态不会自动改变，需要时请在“编辑居民”中逐一标记迁出。</source>
        <translation>The whole household has left: the household, its residents and visits are kept, and no more visits are due. Residents&apos; status does not change by itself; mark each one as moved out in “Edit resident” if needed.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gridworker/ui/main_window.py" line="81"/>
        <location filename="../../gridworker/ui/main_window.py" line="214"/>
        <source>网格员工作台</source>
        <translation>Grid Worker Desk</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_window.py" line="98"/>
        <source>筛选(&amp;L)：</source>
        <translation>Fi&amp;lter:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/main_window.py" line="218"/>
        <source>%n 户</source>
        <translation>
            <numerusform>%n household</numerusform>
            <numerusform>%n households</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/main_window.py" line="219"/>
        <source>%n 人</source>
        <translation>
            <numerusform>%n resident</numerusform>
            <numerusform>%n residents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/main_window.py" line="220"/>
        <source>%n 次走访</source>
        <translation>
            <numerusform>%n visit</numerusform>
            <numerusform>%n visits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/main_window.py" line="231"/>
        <source>共 %n 户</source>
        <translation>
            <numerusform>%n household</numerusform>
            <numerusform>%n households</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/main_window.py" line="233"/>
        <source>{0} 户 / 共 %n 户</source>
        <translation>
            <numerusform>{0} of %n household</numerusform>
            <numerusform>{0} of %n households</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_window.py" line="224"/>
        <source>操作员：{0}</source>
        <translation>Operator: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_window.py" line="173"/>
        <source>正在载入…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_window.py" line="214"/>
        <source>网格员工作台 — {0}</source>
        <translation>Grid Worker Desk — {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_window.py" line="348"/>
        <source>界面语言将在重新启动后生效</source>
        <translation>The new language takes effect after a restart</translation>
    </message>
</context>
<context>
    <name>MyVisitsPage</name>
    <message>
        <source>本周</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>This week</translation>
    </message>
    <message>
        <source>上周</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Last week</translation>
    </message>
    <message>
        <source>本月</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>This month</translation>
    </message>
    <message>
        <source>上月</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Last month</translation>
    </message>
    <message>
        <source>选择月份…</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Choose a month…</translation>
    </message>
    <message>
        <source>走访时间</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>类型</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Type</translation>
    </message>
    <message>
        <source>户</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Household</translation>
    </message>
    <message>
        <source>户主</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Head</translation>
    </message>
    <message>
        <source>发现问题</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Findings</translation>
    </message>
    <message>
        <source>跟进日期</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Follow-up date</translation>
    </message>
    <message>
        <source>摘要</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>时段(&amp;P)：</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>月份</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Month</translation>
    </message>
    <message>
        <source>全部类型</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>All types</translation>
    </message>
    <message>
        <source>类型(&amp;T)：</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>日期（如 12-01）、户、户主或摘要</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Date (e.g. 12-01), household, head or summary</translation>
    </message>
    <message>
        <source>查找(&amp;S)：</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{0} 至 {1}：共 {2} 次走访，{3} 户</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>{0} to {1}: {2} visits, {3} households</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>；显示 {0} 次</source>
        <extracomment>gridworker/ui/my_visits.py</extracomment>
        <translation>; showing {0}</translation>
    </message>
</context>
<context>
    <name>OutcomeEditor</name>
    <message>
        <location filename="../../gridworker/ui/fields.py" line="362"/>
        <source>当场解决(&amp;R)</source>
        <translation>&amp;Resolved on the spot</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/fields.py" line="363"/>
        <source>需要跟进(&amp;F)：</source>
        <translation>Needs &amp;follow-up:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/fields.py" line="368"/>
        <source>跟进日期</source>
        <translation>Follow-up date</translation>
    </message>
</context>
<context>
    <name>PhotoGallery</name>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="111"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="112"/>
        <location filename="../../gridworker/ui/photo_viewer.py" line="181"/>
        <source>单击或按 Enter 查看大图</source>
        <translation>Click or press Enter to see it full size</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="143"/>
        <location filename="../../gridworker/ui/photo_viewer.py" line="216"/>
        <source>加载中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="180"/>
        <source>第 {0} 张</source>
        <translation>Photo {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="198"/>
        <source>未能加载</source>
        <translation>Not loaded</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="199"/>
        <source>{0}
单击重试</source>
        <translation>{0}
Click to try again</translation>
    </message>
    <message>
        <source>无法连接服务器：同事拍摄的照片不在本机，联网后再打开即可查看。</source>
        <extracomment>gridworker/ui/photo_viewer.py</extracomment>
        <translation>Cannot reach the server: photos taken by colleagues are not on this computer. Open the visit again when you are online.</translation>
    </message>
    <message>
        <source>尚未登录：登录后才能下载同事拍摄的照片。</source>
        <extracomment>gridworker/ui/photo_viewer.py</extracomment>
        <translation>Not signed in: sign in to download photos taken by colleagues.</translation>
    </message>
    <message>
        <source>服务器上没有这张照片（可能尚未上传），请稍后再试。</source>
        <extracomment>gridworker/ui/photo_viewer.py</extracomment>
        <translation>The server does not have this photo (it may not be uploaded yet); please try again later.</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="83"/>
        <source>添加照片(&amp;P)…</source>
        <translation>Add &amp;photos…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="84"/>
        <source>选择照片文件，也可以把图片文件直接拖到表单上（照片可不附）</source>
        <translation>Choose photo files, or drag images onto the form (photos are optional)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="86"/>
        <source>移除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="87"/>
        <source>移除选中的照片（Delete 键）</source>
        <translation>Remove the selected photos (Delete)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="100"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="137"/>
        <source>添加照片</source>
        <translation>Add photos</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="139"/>
        <source>图片 (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff);;所有文件 (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="153"/>
        <source>每次走访最多附 {0} 张照片，其余文件未添加</source>
        <translation>At most {0} photos per visit; the other files were not added</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="199"/>
        <source>处理中…</source>
        <translation>Processing…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="229"/>
        <source>{0}：这张照片已经添加过</source>
        <translation>{0}: this photo is already added</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="235"/>
        <source>{0}
{1}×{2} 像素</source>
        <translation>{0}
{1}×{2} pixels</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="247"/>
        <source>找不到该文件</source>
        <translation>File not found</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_strip.py" line="248"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="241"/>
        <source>查看照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="252"/>
        <source>← 上一张(&amp;P)</source>
        <translation>← &amp;Previous</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="254"/>
        <source>下一张(&amp;N) →</source>
        <translation>&amp;Next →</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="256"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="306"/>
        <source>第 {0} 张，共 {1} 张</source>
        <translation>Photo {0} of {1}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="310"/>
        <source>正在载入原图…</source>
        <translation>Loading the full-size photo…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/photo_viewer.py" line="327"/>
        <source>原图未能载入</source>
        <translation>The full-size photo could not be loaded</translation>
    </message>
</context>
<context>
    <name>QuarantineDialog</name>
    <message numerus="yes">
        <source>有 %n 条来自中心的记录无法读取，已暂存，不影响其他数据同步</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>
            <numerusform>%n record from the centre could not be read; kept aside, the rest still syncs</numerusform>
            <numerusform>%n records from the centre could not be read; kept aside, the rest still syncs</numerusform>
        </translation>
    </message>
    <message>
        <source>网格</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Grid</translation>
    </message>
    <message>
        <source>户</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Household</translation>
    </message>
    <message>
        <source>居民</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Resident</translation>
    </message>
    <message>
        <source>走访记录</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Visit</translation>
    </message>
    <message>
        <source>走访更正</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Visit correction</translation>
    </message>
    <message>
        <source>无法识别的记录</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Unrecognised record</translation>
    </message>
    <message>
        <source>新类型的记录（{0}）</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>New kind of record ({0})</translation>
    </message>
    <message>
        <source>这种记录本版本还不认识（中心可能已升级，请升级 gridworker）</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>This version does not know this kind of record yet (the centre may have been upgraded; please upgrade gridworker)</translation>
    </message>
    <message>
        <source>记录的格式不对</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>The record is not in the expected format</translation>
    </message>
    <message>
        <source>记录缺少有效的编号</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>The record has no valid id</translation>
    </message>
    <message>
        <source>记录缺少有效的版本号</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>The record has no valid version number</translation>
    </message>
    <message>
        <source>记录的状态无法识别</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>The record&apos;s state is not recognised</translation>
    </message>
    <message>
        <source>有一项内容的格式或类型不对</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>One of its values has the wrong format or type</translation>
    </message>
    <message>
        <source>它所属的记录（如所在的户）无法读取，等那条修正后一起载入</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>The record it belongs to (such as its household) could not be read; it will be loaded together with that one once fixed</translation>
    </message>
    <message>
        <source>记录的内容无法转换</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>The record&apos;s content could not be converted</translation>
    </message>
    <message>
        <source>无法读取的记录</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Records that could not be read</translation>
    </message>
    <message>
        <source>记录类型</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Kind of record</translation>
    </message>
    <message>
        <source>原因</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Reason</translation>
    </message>
    <message>
        <source>技术说明</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Technical note</translation>
    </message>
    <message>
        <source>记录编号</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Record id</translation>
    </message>
    <message>
        <source>这些记录在中心的数据有误，本机无法读取，已原样暂存；其他数据照常同步，中心修正后会自动载入。请把这些情况告诉中心（平台管理员）：点“复制说明”，粘贴到消息里发给他们。说明里不含居民的个人信息。</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>The centre&apos;s data for these records is wrong, so this laptop cannot read them; they are kept aside as they came. Everything else syncs as usual, and they are loaded automatically once the centre fixes them. Please report this to the centre (the platform administrator): click “Copy report” and paste it into a message to them. The report contains no residents&apos; personal details.</translation>
    </message>
    <message>
        <source>复制说明(&amp;C)</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>&amp;Copy report</translation>
    </message>
    <message>
        <source>关闭</source>
        <extracomment>gridworker/ui/quarantine_dialog.py</extracomment>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>RecordSync</name>
    <message>
        <source>已同步到平台</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Synced to the centre</translation>
    </message>
    <message>
        <source>未发送</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>有冲突</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>被拒绝</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Refused</translation>
    </message>
    <message>
        <source>平台拒绝了这条修改：{0}</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>The centre refused this change: {0}</translation>
    </message>
    <message>
        <source>未说明原因</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>本户有修改被平台拒绝：{0}</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>A change to this household was refused by the centre: {0}</translation>
    </message>
    <message>
        <source>本机数据已保留，请在冲突中心查看。</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>The data on this laptop is kept; see the conflict centre.</translation>
    </message>
    <message>
        <source>有修改</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>changed</translation>
    </message>
    <message>
        <source>与平台上的修改冲突：{0}</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Conflicts with a change at the centre: {0}</translation>
    </message>
    <message>
        <source>本户有与平台冲突的修改：{0}</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>This household has changes that conflict with the centre&apos;s: {0}</translation>
    </message>
    <message>
        <source>请在冲突中心决定采用哪个值。</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>Decide which value to keep in the conflict centre.</translation>
    </message>
    <message numerus="yes">
        <source>本户有 %n 条修改尚未发送到平台</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>
            <numerusform>This household has %n change not yet sent to the centre</numerusform>
            <numerusform>This household has %n changes not yet sent to the centre</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>有 %n 条修改尚未发送到平台</source>
        <extracomment>gridworker/ui/household_model.py</extracomment>
        <translation>
            <numerusform>%n change not yet sent to the centre</numerusform>
            <numerusform>%n changes not yet sent to the centre</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RejectedChanges</name>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="49"/>
        <source>保留本地副本(&amp;C)</source>
        <translation>Keep a local &amp;copy</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="50"/>
        <source>在本机保留这条修改的只读副本（不会同步），然后不再提交它</source>
        <translation>Keep a read-only copy of this change on this laptop (never synced) and stop sending it</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="53"/>
        <source>放弃这条修改(&amp;G)</source>
        <translation>&amp;Give up this change</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="54"/>
        <source>不再提交这条修改，也不保留副本</source>
        <translation>Stop sending this change and keep no copy</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="74"/>
        <source>已保留的副本（只读，不会同步）</source>
        <translation>Kept copies (read-only, never synced)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="108"/>
        <source>没有被拒绝的修改。</source>
        <translation>No refused changes.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="113"/>
        <source>{0}“{1}”的{2}（{3}）没有被平台接受：{4}</source>
        <translation>The {2} of {0} &quot;{1}&quot; ({3}) was not accepted by the centre: {4}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="120"/>
        <source>这次{0}的内容：</source>
        <translation>What this {0} contained:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="121"/>
        <source>这次{0}没有具体内容。</source>
        <translation>This {0} had no field values.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="141"/>
        <source>放弃这条修改</source>
        <translation>Give up this change</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="142"/>
        <source>放弃对{0}“{1}”的{2}？它不会再提交到平台，也不保留副本。</source>
        <translation>Give up the {2} of {0} &quot;{1}&quot;? It will not be sent to the centre again and no copy is kept.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="144"/>
        <source>放弃(&amp;G)</source>
        <translation>&amp;Give up</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="145"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="177"/>
        <source>已保留本地副本：{0}“{1}”的{2}。副本只读，不会同步。</source>
        <translation>Local copy kept: the {2} of {0} &quot;{1}&quot;. The copy is read-only and never synced.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/conflict_rejections.py" line="179"/>
        <source>已放弃对{0}“{1}”的{2}。</source>
        <translation>Gave up the {2} of {0} &quot;{1}&quot;.</translation>
    </message>
</context>
<context>
    <name>RemoveResidentDialog</name>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="181"/>
        <source>删除误录居民</source>
        <translation>Remove resident entered by mistake</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="182"/>
        <source>删除“{0}”的登记记录？</source>
        <translation>Remove the record of “{0}”?</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="184"/>
        <source>只用于录入错误，例如重复登记、登记到了别的户。删除后本机立即移除此人，下次同步时平台上也会删除；谁在何时以什么理由删除，记入审计日志。</source>
        <translation>Only for entry mistakes, such as a duplicate or a person registered in the wrong household. The person is removed here at once and from the centre at the next sync; who removed them, when and why goes into the audit log.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="189"/>
        <source>如果此人是迁走或去世，请不要删除：改为标记“迁出”或“死亡”，保留其记录和走访历史。</source>
        <translation>If this person moved away or died, do not remove them: mark them “Moved out” or “Deceased” instead, which keeps their record and visit history.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="194"/>
        <source>此人登记为本户户主：删除后本户暂无户主，可在“编辑户”中另选一位。</source>
        <translation>This person is the head of household: after the removal the household has no head until you choose another one in “Edit household”.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="201"/>
        <source>如 与三组5号重复登记</source>
        <translation>e.g. duplicate of Group 3 No. 5</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="205"/>
        <source>改为迁出或死亡(&amp;M)…</source>
        <translation>&amp;Mark moved out or deceased instead…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="206"/>
        <source>打开居民信息，标记迁出或死亡</source>
        <translation>Open the resident to mark them moved out or deceased</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="208"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="210"/>
        <source>删除(&amp;D)</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="215"/>
        <source>删除原因(&amp;R)：</source>
        <translation>Reason for &amp;removal:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/household_actions.py" line="250"/>
        <source>未能删除</source>
        <translation>Not removed</translation>
    </message>
</context>
<context>
    <name>ResidentChecks</name>
    <message>
        <location filename="../../gridworker/ui/resident_checks.py" line="27"/>
        <source>出生日期 {0} · {1}</source>
        <translation>Born {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_checks.py" line="72"/>
        <source>由公民身份号码确定</source>
        <translation>Set by the citizen ID</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_checks.py" line="98"/>
        <source>出生日期格式应为 YYYY-MM-DD</source>
        <translation>Birth date must be YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_checks.py" line="102"/>
        <source>出生日期不能晚于今天</source>
        <translation>Birth date cannot be in the future</translation>
    </message>
</context>
<context>
    <name>ResidentEditor</name>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="92"/>
        <source>18位，末位可为X；出生日期和性别自动填写</source>
        <translation>18 digits; last may be X</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="95"/>
        <source>修改(&amp;I)…</source>
        <translation>Ed&amp;it…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="96"/>
        <location filename="../../gridworker/ui/resident_editor.py" line="125"/>
        <source>说明理由后查看并修改完整号码（记入审计日志）</source>
        <translation>Give a reason to see and change the full number (audit-logged)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="103"/>
        <source>如 1950-03-02（无身份证号码时填写）</source>
        <translation>e.g. 1950-03-02 (when there is no ID number)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="107"/>
        <location filename="../../gridworker/ui/resident_editor.py" line="132"/>
        <source>未填写</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="121"/>
        <source>手机或带区号的固定电话</source>
        <translation>Mobile, or landline with area code</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="124"/>
        <source>修改(&amp;H)…</source>
        <translation>C&amp;hange…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="135"/>
        <source>关爱对象</source>
        <translation>Care category</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="138"/>
        <source>特殊人群</source>
        <translation>Managed groups</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="143"/>
        <source>迁出(&amp;O)…</source>
        <translation>Moved &amp;out…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="145"/>
        <source>死亡(&amp;D)…</source>
        <translation>&amp;Deceased…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="153"/>
        <source>姓名(&amp;N)：</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="155"/>
        <source>曾用名：</source>
        <translation>Former name:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="157"/>
        <source>公民身份号码(&amp;C)：</source>
        <translation>&amp;Citizen ID:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="161"/>
        <source>性别(&amp;X)：</source>
        <translation>Se&amp;x:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="163"/>
        <source>出生日期(&amp;B)：</source>
        <translation>&amp;Birth date:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="165"/>
        <source>民族(&amp;E)：</source>
        <translation>&amp;Ethnicity:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="168"/>
        <source>联系电话(&amp;P)：</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="174"/>
        <source>与户主关系(&amp;R)：</source>
        <translation>&amp;Relation to head:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="175"/>
        <source>人口类型(&amp;T)：</source>
        <translation>Population &amp;type:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="177"/>
        <source>人户状态(&amp;S)：</source>
        <translation>Residence &amp;status:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="179"/>
        <source>文化程度(&amp;U)：</source>
        <translation>Ed&amp;ucation:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="180"/>
        <source>关爱对象(&amp;G)：</source>
        <translation>Care cate&amp;gory:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="183"/>
        <source>特殊人群(&amp;M)：</source>
        <translation>&amp;Managed groups:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="185"/>
        <source>敏感个人信息，仅限有需要的岗位查看</source>
        <translation>Sensitive personal information; only for roles that need it</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="197"/>
        <source>备注(&amp;K)：</source>
        <translation>Remar&amp;ks:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="213"/>
        <location filename="../../gridworker/ui/resident_editor.py" line="214"/>
        <source>新增居民</source>
        <translation>New resident</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="228"/>
        <source>编辑居民信息</source>
        <translation>Edit resident</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="229"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="326"/>
        <source>编辑居民：{0}</source>
        <translation>Edit resident: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="356"/>
        <source>无法读取居民信息</source>
        <translation>Could not load the resident</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_editor.py" line="373"/>
        <source>居民信息未能保存</source>
        <translation>The resident could not be saved</translation>
    </message>
</context>
<context>
    <name>ResidentFormValues</name>
    <message>
        <location filename="../../gridworker/ui/resident_values.py" line="142"/>
        <source>请从列表中选择民族</source>
        <translation>Choose an ethnicity from the list</translation>
    </message>
</context>
<context>
    <name>ResidentRevealStatus</name>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="28"/>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="28"/>
        <source>联系电话</source>
        <translation>phone number</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="31"/>
        <source>修改{0}</source>
        <translation>Change {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="32"/>
        <source>查看完整{0}需要说明理由（将记入审计日志）：</source>
        <translation>Give a reason to see the full {0} (recorded in the audit log):</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="76"/>
        <source>标记为迁出</source>
        <translation>Mark as moved out</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="77"/>
        <source>确认将“{0}”标记为迁出？
可填写备注（可选），如迁往何处：</source>
        <translation>Mark “{0}” as moved out?
Optional note, e.g. where they moved to:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="80"/>
        <source>标记为死亡</source>
        <translation>Mark as deceased</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="81"/>
        <source>确认将“{0}”标记为死亡？
可填写备注（可选），如死亡日期：</source>
        <translation>Mark “{0}” as deceased?
Optional note, e.g. date of death:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/resident_reveal.py" line="114"/>
        <source>当前状态：{0}</source>
        <translation>Current status: {0}</translation>
    </message>
</context>
<context>
    <name>ResidentTableModel</name>
    <message>
        <source>姓名</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Sex</translation>
    </message>
    <message>
        <source>年龄</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Age</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Relation</translation>
    </message>
    <message>
        <source>文化程度</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Education</translation>
    </message>
    <message>
        <source>身份证号</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>ID number</translation>
    </message>
    <message>
        <source>电话</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Phone</translation>
    </message>
    <message>
        <source>关爱对象</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Care</translation>
    </message>
    <message>
        <source>状态</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>同步</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Sync</translation>
    </message>
    <message>
        <source>已查看完整信息（已记入审计日志）</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Full details shown (recorded in the audit log)</translation>
    </message>
    <message>
        <source>已脱敏；右键或 Ctrl+Shift+I / P 查看完整信息</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Masked; right-click or Ctrl+Shift+I / P to show full details</translation>
    </message>
    <message>
        <source>有未保存的草稿，打开编辑时恢复（Ctrl+E）</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Has an unsaved draft; it comes back when you edit (Ctrl+E)</translation>
    </message>
    <message>
        <source>民族：{0}</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Ethnicity: {0}</translation>
    </message>
    <message>
        <source>未填写</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Not recorded</translation>
    </message>
    <message>
        <source>曾用名：{0}</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Former name: {0}</translation>
    </message>
    <message>
        <source>{0}（草稿）</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>{0} (draft)</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../gridworker/ui/search_box.py" line="133"/>
        <source>搜索姓名、拼音首字母、身份证号、电话或门牌号（Ctrl+F）</source>
        <translation>Search name, pinyin initials, ID, phone or door no. (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/search_box.py" line="134"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/search_box.py" line="222"/>
        <source>正在搜索…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/search_box.py" line="237"/>
        <source>找到 {0} 条</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/search_box.py" line="239"/>
        <source>找到 {0} 条以上，请输入更多字</source>
        <translation>Over {0} found; type more</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/search_box.py" line="240"/>
        <source>&#x3000;↓ 选择，Enter 打开，Esc 返回户列表</source>
        <translation>  ↓ select, Enter open, Esc back to list</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/search_box.py" line="243"/>
        <source>没有找到“{0}”</source>
        <translation>Nothing found for “{0}”</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/search_box.py" line="245"/>
        <source>索引建立中，搜索较慢，暂不能按拼音查找</source>
        <translation>Search index being built: slower, no pinyin yet</translation>
    </message>
</context>
<context>
    <name>SearchResultModel</name>
    <message>
        <source>姓名</source>
        <extracomment>gridworker/ui/search_box.py</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <extracomment>gridworker/ui/search_box.py</extracomment>
        <translation>ID number</translation>
    </message>
    <message>
        <source>住址</source>
        <extracomment>gridworker/ui/search_box.py</extracomment>
        <translation>Address</translation>
    </message>
    <message>
        <source>（未登记户主）</source>
        <extracomment>gridworker/ui/search_box.py</extracomment>
        <translation>(no head registered)</translation>
    </message>
    <message>
        <source>{0}（户）</source>
        <extracomment>gridworker/ui/search_box.py</extracomment>
        <translation>{0} (household)</translation>
    </message>
    <message>
        <source>电话：{0}</source>
        <extracomment>gridworker/ui/search_box.py</extracomment>
        <translation>Phone: {0}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../gridworker/ui/help.py" line="71"/>
        <source>主窗口</source>
        <translation>Main window</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="106"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="111"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="111"/>
        <source>快捷键</source>
        <comment>column</comment>
        <translation>Shortcut</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="111"/>
        <source>位置</source>
        <translation>Where</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="58"/>
        <source>登录网格管理平台</source>
        <translation>Sign in to the grid centre</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="71"/>
        <source>例如 worker1</source>
        <translation>e.g. worker1</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="79"/>
        <source>服务器地址(&amp;S)：</source>
        <translation>&amp;Server address:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="80"/>
        <source>账号(&amp;A)：</source>
        <translation>&amp;Account:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="81"/>
        <source>密码(&amp;P)：</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="96"/>
        <location filename="../../gridworker/ui/sign_in.py" line="191"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="99"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="142"/>
        <source>这台电脑没有可用的系统密码保管服务（钥匙串），登录状态只保留到程序关闭：每次启动后需要重新登录。密码本身从不保存。</source>
        <translation>This computer has no system keyring, so the sign-in lasts only until the app closes: you will sign in again at each start. The password itself is never stored.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="172"/>
        <location filename="../../gridworker/ui/sign_in.py" line="239"/>
        <source>请填写服务器地址、账号和密码。</source>
        <translation>Please fill in the server address, account and password.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="189"/>
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="215"/>
        <source>无法连接到服务器 {0}：请检查服务器地址和网络连接。</source>
        <translation>Cannot reach the server {0}: check the server address and the network connection.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="227"/>
        <source>这个工作区已与账号“{0}”（服务器 {1}）同步过数据，不能改用其他账号或服务器。请用该账号登录，或为新账号使用另一个数据目录（--data-dir）。</source>
        <translation>This workspace already holds data synced for the account “{0}” (server {1}) and cannot switch to another account or server. Sign in with that account, or use another data folder (--data-dir) for the new account.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sign_in.py" line="236"/>
        <source>服务器地址应以 http:// 或 https:// 开头，例如 https://grid.example.cn</source>
        <translation>The server address should start with http:// or https://, e.g. https://grid.example.cn</translation>
    </message>
</context>
<context>
    <name>SyncHelpDialog</name>
    <message>
        <location filename="../../gridworker/ui/help.py" line="151"/>
        <source>同步是如何工作的</source>
        <translation>How sync works</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="154"/>
        <source>&lt;b&gt;先存在本机。&lt;/b&gt;所有工作都先保存在这台电脑上，没有网络也能照常录入和走访。每一条修改都先放进本机的待发送队列，直到平台确认收到为止。</source>
        <translation>&lt;b&gt;Saved here first.&lt;/b&gt; All work is saved on this computer first, so you can record and visit without a network. Every change waits in a local outbox until the centre confirms it has it.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="158"/>
        <source>&lt;b&gt;自动同步。&lt;/b&gt;登录后无需手动操作：保存修改几秒后、每隔五分钟、以及离线后平台重新连得上时，程序都会在后台同步。按 Ctrl+R 或点“同步”立即同步；状态栏中的“取消”可随时安全地停止，下次从中断处继续。</source>
        <translation>&lt;b&gt;Sync runs by itself.&lt;/b&gt; Once you are signed in there is nothing to do: a few seconds after you save, every five minutes, and as soon as the centre can be reached again after being offline, the app syncs in the background. Press Ctrl+R or click “Sync” to sync at once; “Cancel” in the status bar stops a sync safely at any time, and the next one continues where it stopped.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="163"/>
        <source>&lt;b&gt;同步的顺序：&lt;/b&gt;先上传本机的修改，再下载同事和平台的修改，最后上传照片。网络中断不会丢失任何内容，照片从平台已收到的位置接着上传。</source>
        <translation>&lt;b&gt;The order:&lt;/b&gt; first your changes are sent, then your colleagues’ and the centre’s changes are fetched, then photos are uploaded. A dropped connection loses nothing; a photo upload resumes from what the centre already has.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="167"/>
        <source>&lt;b&gt;离线时&lt;/b&gt;状态栏显示“离线”，修改照常保存在本机，计入待同步的条数，联网后自动发送。</source>
        <translation>&lt;b&gt;When offline&lt;/b&gt; the status bar says “Offline”; changes are saved here as usual and counted as waiting to sync, and are sent when the network returns.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="171"/>
        <source>&lt;b&gt;冲突。&lt;/b&gt;同一记录的不同字段会自动合并。您和同事把同一项改成了不同的值时，平台暂时保留它的值，并产生一条冲突：在冲突中心（Ctrl+Shift+K，或点状态栏中的“冲突”）对照原来的值、我的修改和平台上的值，选择采用哪个，或填写新值。走访记录不会冲突。</source>
        <translation>&lt;b&gt;Conflicts.&lt;/b&gt; Different fields of the same record are combined automatically. When you and a colleague changed the same field to different values, the centre keeps its value for now and you get a conflict: in the conflict centre (Ctrl+Shift+K, or click “conflicts” in the status bar) compare the value before, yours and the centre’s, then choose one or type a new value. Visits never conflict.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="177"/>
        <source>&lt;b&gt;被拒绝的修改。&lt;/b&gt;平台不接受某条修改时（例如该户已调整到其他网格），它列在“被拒绝的修改”中，并说明原因。您可以保留一份只读的本地副本，或放弃这条修改；本机数据不会被悄悄删除。</source>
        <translation>&lt;b&gt;Refused changes.&lt;/b&gt; When the centre does not accept a change (for example, the household was moved to another grid), it is listed under “Refused changes” with the reason. You can keep a read-only local copy of it or give it up; nothing on this computer is deleted silently.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/help.py" line="182"/>
        <source>&lt;b&gt;列表中的标记：&lt;/b&gt;未发送（已保存在本机，尚未发送）、有冲突（等待您决定）、被拒绝（鼠标停在上面可看原因）；没有标记表示平台已经收到。</source>
        <translation>&lt;b&gt;Marks in the lists:&lt;/b&gt; Not sent (saved here, not sent yet), Conflict (waiting for your decision), Refused (hover over it to see why); no mark means the centre has it.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="77"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="78"/>
        <source>停止同步：已完成的部分已保存，下次从中断处继续</source>
        <translation>Stop syncing: what finished is kept, the next sync continues from there</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="83"/>
        <source>详情…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="167"/>
        <location filename="../../gridworker/ui/sync_status.py" line="204"/>
        <source>没有待同步的修改</source>
        <translation>no changes waiting</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="172"/>
        <location filename="../../gridworker/ui/sync_status.py" line="176"/>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="180"/>
        <location filename="../../gridworker/ui/sync_status.py" line="181"/>
        <source>已同步 {0}</source>
        <translation>Synced {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="186"/>
        <location filename="../../gridworker/ui/sync_status.py" line="195"/>
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="188"/>
        <source>同步中… 上传修改 {0}/{1} 条</source>
        <translation>Syncing… sending changes {0}/{1}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/sync_status.py" line="166"/>
        <source>待同步 %n 条修改</source>
        <translation>
            <numerusform>%n change to sync</numerusform>
            <numerusform>%n changes to sync</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="93"/>
        <source>点击查看是哪些记录，以及如何告诉中心</source>
        <translation>Click to see which records, and how to tell the centre</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/sync_status.py" line="190"/>
        <source>同步中… 已下载 %n 条更新</source>
        <translation>
            <numerusform>Syncing… %n update received</numerusform>
            <numerusform>Syncing… %n updates received</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="192"/>
        <source>同步中… 上传照片 {0}/{1}</source>
        <translation>Syncing… uploading photos {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="201"/>
        <source>仅本机保存 · {0}</source>
        <translation>Saved on this computer only · {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="202"/>
        <source>待同步 {0} 条</source>
        <translation>{0} waiting to sync</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="209"/>
        <source>未登录</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="211"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="213"/>
        <source>同步失败</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="224"/>
        <source>正在建立搜索索引 {0}%</source>
        <translation>Building the search index {0}%</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="225"/>
        <source>正在建立搜索索引…</source>
        <translation>Building the search index…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/sync_status.py" line="234"/>
        <source>照片待上传 %n 张</source>
        <translation>
            <numerusform>%n photo to upload</numerusform>
            <numerusform>%n photos to upload</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/sync_status.py" line="236"/>
        <source>冲突 %n 条待处理</source>
        <translation>
            <numerusform>%n conflict to decide</numerusform>
            <numerusform>%n conflicts to decide</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridworker/ui/sync_status.py" line="238"/>
        <source>被拒绝的修改 %n 条</source>
        <translation>
            <numerusform>%n change refused</numerusform>
            <numerusform>%n changes refused</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="245"/>
        <source>尚未登录平台。所有修改都已保存在本机，登录后即可同步。</source>
        <translation>Not signed in to the centre. Every change is saved on this computer; sign in to sync.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="246"/>
        <source>平台：{0}，账号：{1}</source>
        <translation>Centre: {0}, account: {1}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="248"/>
        <source>连不上平台。所有修改都已保存在本机，网络恢复后会自动同步。</source>
        <translation>The centre cannot be reached. Every change is saved on this computer and syncs by itself when the network is back.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="250"/>
        <source>需要登录后才能同步。所有修改都已保存在本机。</source>
        <translation>Sign in to sync. Every change is saved on this computer.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="254"/>
        <source>修改保存后会自动同步；按 Ctrl+R 立即同步。</source>
        <translation>Changes sync by themselves after saving; press Ctrl+R to sync now.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="275"/>
        <source>点击查看并处理（Ctrl+Shift+K）</source>
        <translation>Click to see and decide (Ctrl+Shift+K)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/sync_status.py" line="277"/>
        <source>同步下来的数据已可查看和修改；索引建好前搜索较慢，暂不能按拼音查找。</source>
        <translation>The synced data can be viewed and edited now; until the index is built, search is slower and cannot match pinyin.</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>网格</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Last week</translation>
    </message>
    <message>
        <source>户</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Household</translation>
    </message>
    <message>
        <source>居民</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Resident</translation>
    </message>
    <message>
        <source>走访记录</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Visit</translation>
    </message>
    <message>
        <source>走访更正</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Visit correction</translation>
    </message>
    <message>
        <source>户主</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Head</translation>
    </message>
    <message>
        <source>人数</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Members</translation>
    </message>
    <message>
        <source>关爱对象</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Care</translation>
    </message>
    <message>
        <source>上次走访</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>应走访日期</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Next due</translation>
    </message>
    <message>
        <source>状态</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>State</translation>
    </message>
    <message>
        <source>（未填写地址）</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>(no address)</translation>
    </message>
    <message>
        <source>跟进日期</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Follow-up date</translation>
    </message>
    <message>
        <source>走访日期</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>类型</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Type</translation>
    </message>
    <message>
        <source>发现问题</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Findings</translation>
    </message>
    <message>
        <source>摘要</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>（已过期）</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>类别</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Kind</translation>
    </message>
    <message>
        <source>记录</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Record</translation>
    </message>
    <message>
        <source>待发送的修改</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Changes waiting</translation>
    </message>
    <message>
        <source>表单</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Form</translation>
    </message>
    <message>
        <source>内容</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Content</translation>
    </message>
    <message>
        <source>保存时间</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Saved at</translation>
    </message>
    <message>
        <source>编辑居民</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Edit resident</translation>
    </message>
    <message>
        <source>新增居民</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>New resident</translation>
    </message>
    <message>
        <source>编辑户</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Edit household</translation>
    </message>
    <message>
        <source>新增户</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>New household</translation>
    </message>
    <message>
        <source>字段</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Field</translation>
    </message>
    <message>
        <source>发生时间</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Arose at</translation>
    </message>
    <message>
        <source>修改时间</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Changed at</translation>
    </message>
    <message>
        <source>原因</source>
        <extracomment>gridworker/ui/today_models.py</extracomment>
        <translation>Reason</translation>
    </message>
    <message>
        <source>已逾期</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>本周到期</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Due this week</translation>
    </message>
    <message>
        <source>待跟进</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>从未走访</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Never visited</translation>
    </message>
    <message>
        <source>未发送</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Unsent</translation>
    </message>
    <message>
        <source>草稿</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>冲突</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>被拒绝</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Refused</translation>
    </message>
    <message>
        <source>已逾期的户</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Overdue households</translation>
    </message>
    <message>
        <source>本周到期的户</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Households due this week</translation>
    </message>
    <message>
        <source>待跟进的走访</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Visits to follow up</translation>
    </message>
    <message>
        <source>从未走访的户</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Households never visited</translation>
    </message>
    <message>
        <source>有修改未发送的记录</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Records with unsent changes</translation>
    </message>
    <message>
        <source>未保存的草稿</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Unsaved drafts</translation>
    </message>
    <message>
        <source>等待决定的同步冲突</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Sync conflicts waiting for a decision</translation>
    </message>
    <message>
        <source>被平台拒绝的修改</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Changes the centre refused</translation>
    </message>
    <message>
        <source>超过走访期限仍未走访。回车打开该户。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Past their visiting deadline. Enter opens the household.</translation>
    </message>
    <message>
        <source>本周日之前到期。回车打开该户。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Due by Sunday. Enter opens the household.</translation>
    </message>
    <message>
        <source>跟进日期在本周日之前、此后尚未再走访。回车打开该户。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Follow-up date by Sunday, not visited since. Enter opens the household.</translation>
    </message>
    <message>
        <source>在册但还没有任何走访记录。回车打开该户。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Registered but never visited. Enter opens the household.</translation>
    </message>
    <message>
        <source>下次同步时发送。回车打开所属的户。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Sent by the next sync. Enter opens the household.</translation>
    </message>
    <message>
        <source>回车打开草稿，继续填写。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Enter opens the draft to go on with it.</translation>
    </message>
    <message>
        <source>回车打开冲突中心，决定保留哪一方。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Enter opens the conflict centre to decide which side to keep.</translation>
    </message>
    <message>
        <source>回车打开冲突中心，查看原因并处理。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Enter opens the conflict centre to see why and deal with it.</translation>
    </message>
    <message>
        <source>今日待办(&amp;D)</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>To &amp;do today</translation>
    </message>
    <message>
        <source>我的走访(&amp;M)</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>&amp;My visits</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>今日：{0} {1}&#x3000;&#x3000;本周截至 {2}（星期日）</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Today: {0} {1}    this week ends {2} (Sunday)</translation>
    </message>
    <message>
        <source>星期一</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Monday</translation>
    </message>
    <message>
        <source>星期二</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>星期三</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>星期四</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>星期五</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Friday</translation>
    </message>
    <message>
        <source>星期六</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>星期日</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>没有需要处理的事项。</source>
        <extracomment>gridworker/ui/today_view.py</extracomment>
        <translation>Nothing to do here.</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="96"/>
        <source>走访用了多长时间（可不填）</source>
        <translation>How long the visit took (optional)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="101"/>
        <source>如：户主本人、其女儿</source>
        <translation>e.g. the head of household, their daughter</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="106"/>
        <source>走访了解到的情况，如：身体状况良好，生活正常，无特殊诉求</source>
        <translation>What you learned, e.g. in good health, daily life normal, no special requests</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="129"/>
        <location filename="../../gridworker/ui/visit_form.py" line="367"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="130"/>
        <source>保存走访记录（Ctrl+S 或 Ctrl+Enter）</source>
        <translation>Save the visit (Ctrl+S or Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="133"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="134"/>
        <source>关闭表单（Esc）；有未保存的内容时先询问保留还是放弃</source>
        <translation>Close the form (Esc); with unsaved content, asks whether to keep or discard it first</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="145"/>
        <source>开始时间(&amp;B)：</source>
        <translation>&amp;Began at:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="148"/>
        <source>时长(&amp;D)：</source>
        <translation>&amp;Duration:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="151"/>
        <source>走访类型(&amp;T)：</source>
        <translation>Visit &amp;type:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="156"/>
        <source>见到的人(&amp;W)：</source>
        <translation>People met (&amp;W):</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="160"/>
        <source>走访情况(&amp;M)：</source>
        <translation>Su&amp;mmary:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="166"/>
        <source>发现事项：</source>
        <translation>Findings:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="174"/>
        <source>处理结果：</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="177"/>
        <source>照片：</source>
        <translation>Photos:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="222"/>
        <source>保存走访记录</source>
        <translation>Save visit</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="225"/>
        <source>关闭走访表单</source>
        <translation>Close the visit form</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="240"/>
        <source>走访：{0}</source>
        <translation>Visit: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="257"/>
        <source>请填写走访情况摘要</source>
        <translation>Please fill in the visit summary</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="263"/>
        <source>正在处理照片，处理完成后自动保存…</source>
        <translation>Processing photos; the visit saves once they are done…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="361"/>
        <source>草稿已自动保存 {0}</source>
        <translation>Draft saved automatically {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="367"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_form.py" line="394"/>
        <source>走访记录未能保存</source>
        <translation>The visit could not be saved</translation>
    </message>
</context>
<context>
    <name>VisitTimelineModel</name>
    <message>
        <source>日期</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <source>类型</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Type</translation>
    </message>
    <message>
        <source>摘要</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>发现问题</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Findings</translation>
    </message>
    <message>
        <source>照片</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Photos</translation>
    </message>
    <message>
        <source>备注</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Notes</translation>
    </message>
    <message>
        <source>同步</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Sync</translation>
    </message>
    <message>
        <source>见到：{0}</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Met: {0}</translation>
    </message>
    <message>
        <source>{0} {1} 更正：{2}</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>{0} {1} corrected: {2}</translation>
    </message>
    <message>
        <source>{0} 张</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>{0}</translation>
    </message>
    <message>
        <source>已更正</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Corrected</translation>
    </message>
    <message>
        <source>待跟进</source>
        <extracomment>gridworker/ui/household_tables.py</extracomment>
        <translation>Follow-up</translation>
    </message>
</context>
<context>
    <name>VisitView</name>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="142"/>
        <source>走访记录</source>
        <translation>Visit record</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="169"/>
        <source>走访时间：</source>
        <translation>Time:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="169"/>
        <source>走访类型：</source>
        <translation>Visit type:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="170"/>
        <source>见到的人：</source>
        <translation>People met:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="170"/>
        <source>走访情况：</source>
        <translation>Summary:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="171"/>
        <source>发现事项：</source>
        <translation>Findings:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="171"/>
        <source>处理结果：</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="172"/>
        <source>记录人：</source>
        <translation>Logged by:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="172"/>
        <source>记录时间：</source>
        <translation>Logged at:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="173"/>
        <source>同步状态：</source>
        <translation>Sync:</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="213"/>
        <source>更正(&amp;A)…</source>
        <translation>&amp;Correct…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="216"/>
        <source>记录一条更正（Ctrl+E）：原记录保留，更正记下更正人、时间和原因</source>
        <translation>Record a correction (Ctrl+E): the original stays; the correction records who, when and why</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="220"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="221"/>
        <source>关闭（Esc）</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="257"/>
        <source>正在载入走访记录…</source>
        <translation>Loading the visit record…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="291"/>
        <source>走访记录未能载入</source>
        <translation>The visit record could not be loaded</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="305"/>
        <source>走访记录 — {0}</source>
        <translation>Visit record — {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="307"/>
        <source>{0} 的走访（{1}）</source>
        <translation>Visit to {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="308"/>
        <source>（未填写地址）</source>
        <translation>(no address)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="312"/>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="312"/>
        <source>仅在本机</source>
        <translation>Only on this computer</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="317"/>
        <source>本记录已更正 {0} 次；下方显示更正后的内容，原内容见“更正记录”。</source>
        <translation>This record has been corrected {0} time(s); below is the corrected content, the original is under “Corrections”.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="326"/>
        <source>{0} – {1}（{2} 分钟）</source>
        <translation>{0} – {1} ({2} min)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="329"/>
        <source>当场解决</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Resolved on the spot</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="329"/>
        <source>需要跟进</source>
        <translation>Needs follow-up</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="331"/>
        <source>，跟进日期 {0}</source>
        <translation>, follow up on {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="335"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="341"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="350"/>
        <source>已更正，原内容见“更正记录”</source>
        <translation>Corrected; the original is under “Corrections”</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="355"/>
        <source>照片（{0} 张）</source>
        <translation>Photos ({0})</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="355"/>
        <source>照片：无</source>
        <translation>Photos: none</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="371"/>
        <source>更正记录：无</source>
        <translation>Corrections: none</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="374"/>
        <source>更正记录（{0} 条，原记录保留）</source>
        <translation>Corrections ({0}; the original is kept)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="399"/>
        <source>{0}&#x3000;{1} 更正；原因：{2}</source>
        <translation>{0}  corrected by {1}; reason: {2}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="402"/>
        <source>{0}：原为“{1}”，更正为“{2}”</source>
        <translation>{0}: was “{1}”, corrected to “{2}”</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/visit_view.py" line="408"/>
        <source>更正已保存，原记录保留。</source>
        <translation>Correction saved; the original is kept.</translation>
    </message>
    <message>
        <source>走访类型</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Visit type</translation>
    </message>
    <message>
        <source>结束时间</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Ended at</translation>
    </message>
    <message>
        <source>见到的人</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>People met</translation>
    </message>
    <message>
        <source>走访情况</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>发现事项</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Findings</translation>
    </message>
    <message>
        <source>跟进日期</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Follow-up date</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>是</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否，需要跟进</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>No, needs follow-up</translation>
    </message>
    <message>
        <source>{0}（时长 {1} 分钟）</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>{0} ({1} min)</translation>
    </message>
    <message>
        <source>（无）</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>(none)</translation>
    </message>
    <message>
        <source>{0}&#x3000;{1} 更正</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>{0}  corrected by {1}</translation>
    </message>
    <message>
        <source>更正原因：{0}</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Reason: {0}</translation>
    </message>
    <message>
        <source>项目</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Field</translation>
    </message>
    <message>
        <source>原内容</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Was</translation>
    </message>
    <message>
        <source>更正为</source>
        <extracomment>gridworker/ui/visit_view.py</extracomment>
        <translation>Corrected to</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <location filename="../../gridworker/ui/main_dialogs.py" line="23"/>
        <location filename="../../gridworker/ui/main_dialogs.py" line="75"/>
        <location filename="../../gridworker/ui/main_dialogs.py" line="99"/>
        <location filename="../../gridworker/ui/main_dialogs.py" line="105"/>
        <source>请先在左侧选择一户</source>
        <translation>Select a household on the left first</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_dialogs.py" line="29"/>
        <source>走访已保存</source>
        <translation>Visit saved</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_dialogs.py" line="50"/>
        <source>更正已保存</source>
        <translation>Correction saved</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_dialogs.py" line="82"/>
        <location filename="../../gridworker/ui/main_dialogs.py" line="112"/>
        <source>请先在居民列表中选择一人</source>
        <translation>Select a resident in the list first</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_dialogs.py" line="90"/>
        <source>居民信息已保存</source>
        <translation>Resident saved</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_dialogs.py" line="118"/>
        <source>户信息已保存</source>
        <translation>Household saved</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_dialogs.py" line="131"/>
        <source>已删除误录的居民</source>
        <translation>Resident entered by mistake removed</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="33"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="39"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="39"/>
        <source>今日待办和我的走访</source>
        <translation>Today&apos;s work and my visits</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="42"/>
        <source>户列表</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="42"/>
        <source>户列表和户详情</source>
        <translation>The household list and the household</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="44"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="51"/>
        <source>新建走访</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="51"/>
        <source>为所选户记录一次走访</source>
        <translation>Record a visit to the selected household</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="54"/>
        <source>新增居民…</source>
        <translation>Add resident…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="54"/>
        <source>在所选户新增居民</source>
        <translation>Add a resident to the selected household</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="57"/>
        <source>编辑居民…</source>
        <translation>Edit resident…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="57"/>
        <source>编辑所选居民</source>
        <translation>Edit the selected resident</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="60"/>
        <source>新增户…</source>
        <translation>Add household…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="61"/>
        <source>在本网格新增一户</source>
        <translation>Add a household to this grid</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="64"/>
        <source>编辑户…</source>
        <translation>Edit household…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="65"/>
        <source>编辑所选户的地址、户主、电话、房屋类型和标签</source>
        <translation>Edit the selected household&apos;s address, head, phone, dwelling type and tags</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="68"/>
        <source>户状态…</source>
        <translation>Household state…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="69"/>
        <source>将所选户标为已迁出、空置，或恢复正常</source>
        <translation>Mark the selected household as moved out or vacant, or back to normal</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="72"/>
        <source>删除误录居民…</source>
        <translation>Remove resident entered by mistake…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="73"/>
        <source>删除录入错误的居民（迁出或死亡请改为标记状态）</source>
        <translation>Remove a resident entered by mistake (for moving away or death, mark the status instead)</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="75"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="77"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="77"/>
        <source>立即与平台同步</source>
        <translation>Sync with the centre now</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="81"/>
        <source>冲突与被拒绝的修改…</source>
        <translation>Conflicts and refused changes…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="82"/>
        <source>查看并处理同步冲突和被平台拒绝的修改</source>
        <translation>See and decide sync conflicts and changes the centre refused</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="85"/>
        <source>取消同步</source>
        <translation>Cancel sync</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="86"/>
        <source>停止同步：已完成的部分已保存，下次从中断处继续</source>
        <translation>Stop syncing: what finished is kept, the next sync continues from there</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="88"/>
        <location filename="../../gridworker/ui/main_menus.py" line="162"/>
        <source>登录…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="90"/>
        <source>登录网格管理平台</source>
        <translation>Sign in to the grid centre</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="92"/>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="93"/>
        <source>退出登录；本机数据都会保留</source>
        <translation>Sign out; all data on this computer is kept</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="95"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="99"/>
        <source>工作(&amp;W)</source>
        <translation>&amp;Work</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="107"/>
        <source>走访(&amp;V)</source>
        <translation>&amp;Visits</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="109"/>
        <source>户(&amp;H)</source>
        <translation>&amp;Household</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="113"/>
        <source>居民(&amp;R)</source>
        <translation>&amp;Residents</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="123"/>
        <source>同步(&amp;Y)</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="130"/>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="131"/>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_menus.py" line="144"/>
        <source>常用操作</source>
        <translation>Common actions</translation>
    </message>
</context>
<context>
    <name>WindowSync</name>
    <message>
        <location filename="../../gridworker/ui/main_sync.py" line="40"/>
        <source>操作员：{0}</source>
        <translation>Operator: {0}</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_sync.py" line="91"/>
        <source>已登录：{0}（{1}）</source>
        <translation>Signed in: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_sync.py" line="101"/>
        <source>已退出登录。本机数据都已保留，重新登录后继续同步。</source>
        <translation>Signed out. All data on this computer is kept; syncing continues after you sign in again.</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/main_sync.py" line="137"/>
        <source>同步已取消。已完成的部分已保存，下次同步会从中断处继续。</source>
        <translation>Sync cancelled. What finished is kept; the next sync continues from where it stopped.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../gridworker/app.py" line="156"/>
        <source>网格员工作台</source>
        <translation>Grid Worker Desk</translation>
    </message>
    <message>
        <location filename="../../gridworker/app.py" line="171"/>
        <source>无法打开工作区</source>
        <translation>Cannot open the workspace</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>无法连接到服务器：请检查网络连接。本机数据都已保存，联网后会自动同步。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Cannot reach the server: check the network connection. Everything is saved on this computer and syncs by itself when the network is back.</translation>
    </message>
    <message>
        <source>账号或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Wrong account or password. After 5 wrong passwords in a row the account is locked for 15 minutes.</translation>
    </message>
    <message>
        <source>此账号已被停用，请联系管理员。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>This account has been deactivated. Please contact your administrator.</translation>
    </message>
    <message>
        <source>尚未登录：请先登录，再同步。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Not signed in: sign in first, then sync.</translation>
    </message>
    <message>
        <source>登录已过期，请重新登录。本机的修改都已保存，登录后会继续同步。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Your sign-in has expired: please sign in again. Your changes are saved on this computer and sync after you sign in.</translation>
    </message>
    <message>
        <source>服务器已升级，当前版本无法与其同步：请更新应用。本机数据不受影响。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>The server has been upgraded and this version cannot sync with it: please update the app. Your data on this computer is not affected.</translation>
    </message>
    <message>
        <source>同步已取消。已完成的部分已保存，下次同步会从中断处继续。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Sync cancelled. What finished is kept; the next sync continues from where it stopped.</translation>
    </message>
    <message>
        <source>服务器的回复无法识别，本次同步未写入任何数据。请稍后再试；如果反复出现，请联系技术支持。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>The server&apos;s answer could not be understood; this sync wrote nothing. Try again later; if it keeps happening, contact support.</translation>
    </message>
    <message numerus="yes">
        <source>账号因多次输错密码已被锁定，请约 %n 分钟后再试，或联系网格管理中心。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>
            <numerusform>The account is locked after too many wrong passwords. Try again in about %n minute, or contact the grid centre.</numerusform>
            <numerusform>The account is locked after too many wrong passwords. Try again in about %n minutes, or contact the grid centre.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>尝试过于频繁，请约 %n 秒后再试。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>
            <numerusform>Too many attempts. Please try again in about %n second.</numerusform>
            <numerusform>Too many attempts. Please try again in about %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>尝试过于频繁，请稍后再试。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Too many attempts. Please try again later.</translation>
    </message>
    <message>
        <source>服务器出错（{0}），请稍后再试。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Server error ({0}); please try again later.</translation>
    </message>
    <message>
        <source>磁盘空间不足，本次操作未能保存；之前保存的数据都完好，正在填写的内容也仍在表单中。请清理磁盘（例如删除不需要的文件）后重试。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>The disk is full, so this was not saved; everything saved before is intact, and what you were typing is still in the form. Free some disk space (for example, delete files you do not need) and try again.</translation>
    </message>
    <message>
        <source>没有权限读写该文件或文件夹：{0}</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>No permission to read or write this file or folder: {0}</translation>
    </message>
    <message>
        <source>程序出现意外错误。已填写的内容不会丢失；请将详细信息复制给技术支持。</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Something unexpected went wrong. Nothing you entered is lost; please copy the details to technical support.</translation>
    </message>
    <message>
        <source>出错了</source>
        <extracomment>gridworker/ui/errors.py</extracomment>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <location filename="../../gridworker/ui/fields.py" line="351"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../gridworker/ui/fields.py" line="352"/>
        <source>未填</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>网格</source>
        <extracomment>grid</extracomment>
        <translation>Grid</translation>
    </message>
    <message>
        <source>网格编码</source>
        <extracomment>grid.code</extracomment>
        <translation>Grid code</translation>
    </message>
    <message>
        <source>网格名称</source>
        <extracomment>grid.name</extracomment>
        <translation>Grid name</translation>
    </message>
    <message>
        <source>村/社区</source>
        <extracomment>grid.village</extracomment>
        <translation>Village/community</translation>
    </message>
    <message>
        <source>乡镇/街道</source>
        <extracomment>grid.township</extracomment>
        <translation>Township/subdistrict</translation>
    </message>
    <message>
        <source>区县</source>
        <extracomment>grid.county</extracomment>
        <translation>District/county</translation>
    </message>
    <message>
        <source>户</source>
        <extracomment>household</extracomment>
        <translation>Household</translation>
    </message>
    <message>
        <source>所属网格</source>
        <extracomment>household.grid_id</extracomment>
        <translation>Grid</translation>
    </message>
    <message>
        <source>组</source>
        <extracomment>household.group_name</extracomment>
        <translation>Group</translation>
    </message>
    <message>
        <source>门牌号</source>
        <extracomment>household.door_number</extracomment>
        <translation>Door no.</translation>
    </message>
    <message>
        <source>详细地址</source>
        <extracomment>household.address_detail</extracomment>
        <translation>Address details</translation>
    </message>
    <message>
        <source>房屋类型</source>
        <extracomment>household.dwelling_type</extracomment>
        <translation>Dwelling type</translation>
    </message>
    <message>
        <source>户主</source>
        <extracomment>household.head_resident_id</extracomment>
        <translation>Head</translation>
    </message>
    <message>
        <source>联系电话</source>
        <extracomment>household.phone, resident.phone</extracomment>
        <translation>Phone</translation>
    </message>
    <message>
        <source>户标签</source>
        <extracomment>household.tags</extracomment>
        <translation>Household tags</translation>
    </message>
    <message>
        <source>纬度</source>
        <extracomment>household.latitude</extracomment>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>经度</source>
        <extracomment>household.longitude</extracomment>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>状态</source>
        <extracomment>household.status, resident.status</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>居民</source>
        <extracomment>resident</extracomment>
        <translation>Resident</translation>
    </message>
    <message>
        <source>所属户</source>
        <extracomment>resident.household_id, visit.household_id</extracomment>
        <translation>Household</translation>
    </message>
    <message>
        <source>姓名</source>
        <extracomment>resident.name</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>曾用名</source>
        <extracomment>resident.former_name</extracomment>
        <translation>Former name</translation>
    </message>
    <message>
        <source>性别</source>
        <extracomment>resident.sex</extracomment>
        <translation>Sex</translation>
    </message>
    <message>
        <source>民族</source>
        <extracomment>resident.ethnicity</extracomment>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>身份证号码</source>
        <extracomment>resident.citizen_id</extracomment>
        <translation>ID number</translation>
    </message>
    <message>
        <source>出生日期</source>
        <extracomment>resident.birth_date</extracomment>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <extracomment>resident.relation</extracomment>
        <translation>Relation to head</translation>
    </message>
    <message>
        <source>人口类型</source>
        <extracomment>resident.population_type</extracomment>
        <translation>Population type</translation>
    </message>
    <message>
        <source>人户状态</source>
        <extracomment>resident.residence_status</extracomment>
        <translation>Residence status</translation>
    </message>
    <message>
        <source>文化程度</source>
        <extracomment>resident.education</extracomment>
        <translation>Education</translation>
    </message>
    <message>
        <source>关爱类别</source>
        <extracomment>resident.care_categories</extracomment>
        <translation>Care categories</translation>
    </message>
    <message>
        <source>管理类别</source>
        <extracomment>resident.management_categories</extracomment>
        <translation>Management categories</translation>
    </message>
    <message>
        <source>备注</source>
        <extracomment>resident.note</extracomment>
        <translation>Notes</translation>
    </message>
    <message>
        <source>走访记录</source>
        <extracomment>visit</extracomment>
        <translation>Visit</translation>
    </message>
    <message>
        <source>走访人</source>
        <extracomment>visit.visitor</extracomment>
        <translation>Visited by</translation>
    </message>
    <message>
        <source>走访类型</source>
        <extracomment>visit.visit_type</extracomment>
        <translation>Visit type</translation>
    </message>
    <message>
        <source>走访时间</source>
        <extracomment>visit.started_at</extracomment>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>结束时间</source>
        <extracomment>visit.ended_at</extracomment>
        <translation>Ended at</translation>
    </message>
    <message>
        <source>见到的人</source>
        <extracomment>visit.people_met</extracomment>
        <translation>People met</translation>
    </message>
    <message>
        <source>走访情况</source>
        <extracomment>visit.summary</extracomment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>发现事项</source>
        <extracomment>visit.findings</extracomment>
        <translation>Findings</translation>
    </message>
    <message>
        <source>当场解决</source>
        <extracomment>visit.resolved_on_spot</extracomment>
        <translation>Resolved on the spot</translation>
    </message>
    <message>
        <source>跟进日期</source>
        <extracomment>visit.follow_up_date</extracomment>
        <translation>Follow-up date</translation>
    </message>
    <message>
        <source>照片</source>
        <extracomment>visit.photos</extracomment>
        <translation>Photos</translation>
    </message>
    <message>
        <source>记录时间</source>
        <extracomment>visit.created_at, visit_amendment.created_at</extracomment>
        <translation>Recorded at</translation>
    </message>
    <message>
        <source>走访更正</source>
        <extracomment>visit_amendment</extracomment>
        <translation>Visit correction</translation>
    </message>
    <message>
        <source>所更正的走访</source>
        <extracomment>visit_amendment.visit_id</extracomment>
        <translation>Corrected visit</translation>
    </message>
    <message>
        <source>更正人</source>
        <extracomment>visit_amendment.author</extracomment>
        <translation>Corrected by</translation>
    </message>
    <message>
        <source>更正原因</source>
        <extracomment>visit_amendment.reason</extracomment>
        <translation>Reason for correction</translation>
    </message>
    <message>
        <source>更正内容</source>
        <extracomment>visit_amendment.changes</extracomment>
        <translation>Corrections</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>数据不符合要求（{code}）</source>
        <extracomment>gridrules/messages.py: any code without words</extracomment>
        <translation>The data does not meet the requirements ({code})</translation>
    </message>
    <message>
        <source>身份证号码为空</source>
        <extracomment>id_empty</extracomment>
        <translation>The ID number is empty</translation>
    </message>
    <message>
        <source>身份证号码只能包含数字，仅最后一位可以是X（请去掉空格、横线等符号）</source>
        <extracomment>id_chars</extracomment>
        <translation>An ID number has digits only; only the last character may be X (remove spaces, dashes and other symbols)</translation>
    </message>
    <message>
        <source>15位旧版身份证号码只能包含数字</source>
        <extracomment>id_chars.x_in_15</extracomment>
        <translation>An old 15-digit ID number has digits only</translation>
    </message>
    <message>
        <source>身份证号码应为18位（或旧版15位），当前为{length}位</source>
        <extracomment>id_length</extracomment>
        <translation>An ID number has 18 characters (old numbers 15); this one has {length}</translation>
    </message>
    <message>
        <source>出生日期（第7–14位）不是有效日期：请核对号码</source>
        <extracomment>id_birth_date</extracomment>
        <translation>The date of birth (characters 7–14) is not a valid date: please check the number</translation>
    </message>
    <message>
        <source>出生日期（第7–14位）不是有效日期：月份应为01–12</source>
        <extracomment>id_birth_date.month</extracomment>
        <translation>The date of birth (characters 7–14) is not a valid date: the month must be 01–12</translation>
    </message>
    <message>
        <source>出生日期（第7–14位）不是有效日期：{month}月没有{day}日</source>
        <extracomment>id_birth_date.day</extracomment>
        <translation>The date of birth (characters 7–14) is not a valid date: month {month} has no day {day}</translation>
    </message>
    <message>
        <source>出生日期（第7–14位）不是有效日期：出生年份早于{min_year}年</source>
        <extracomment>id_birth_date.year</extracomment>
        <translation>The date of birth (characters 7–14) is not a valid date: the year is before {min_year}</translation>
    </message>
    <message>
        <source>出生日期（第7–14位）晚于今天，请核对号码</source>
        <extracomment>id_future_birth</extracomment>
        <translation>The date of birth (characters 7–14) is after today: please check the number</translation>
    </message>
    <message>
        <source>校验码不符：最后一位应为 {expected}，实际为 {actual}。请逐位核对号码，可能有一位抄错或两位颠倒</source>
        <extracomment>id_check</extracomment>
        <translation>Check character mismatch: the last character should be {expected}, not {actual}. Check the number digit by digit: one may be mistyped or two swapped</translation>
    </message>
    <message>
        <source>电话号码为空</source>
        <extracomment>phone_empty</extracomment>
        <translation>The phone number is empty</translation>
    </message>
    <message>
        <source>电话号码格式不正确：手机号为1开头的11位数字（如 13812345678），固定电话需带区号（如 010-12345678、0371-6123456，分机可写作“转123”）</source>
        <extracomment>phone_invalid</extracomment>
        <translation>Invalid phone number: a mobile number has 11 digits starting with 1 (e.g. 13812345678); a landline needs its area code (e.g. 010-12345678, 0371-6123456; an extension may be written as &quot;ext 123&quot;)</translation>
    </message>
    <message>
        <source>仅支持中国大陆的手机号和固定电话号码</source>
        <extracomment>phone_invalid.foreign</extracomment>
        <translation>Only mainland China mobile and landline numbers are supported</translation>
    </message>
    <message>
        <source>固定电话请加上区号（如 010-12345678）；手机号应为11位数字</source>
        <extracomment>phone_invalid.no_area_code</extracomment>
        <translation>Add the area code to a landline (e.g. 010-12345678); a mobile number has 11 digits</translation>
    </message>
    <message>
        <source>手机号应为11位数字，当前为{length}位</source>
        <extracomment>phone_invalid.mobile_length</extracomment>
        <translation>A mobile number has 11 digits; this one has {length}</translation>
    </message>
    <message>
        <source>手机号格式不正确：第二位应为3–9</source>
        <extracomment>phone_invalid.mobile_prefix</extracomment>
        <translation>Invalid mobile number: the second digit must be 3–9</translation>
    </message>
    <message>
        <source>网格编码格式不正确</source>
        <extracomment>grid_code_invalid</extracomment>
        <translation>Invalid grid code</translation>
    </message>
    <message>
        <source>网格编码为空</source>
        <extracomment>grid_code_invalid.empty</extracomment>
        <translation>The grid code is empty</translation>
    </message>
    <message>
        <source>网格编码只能包含数字</source>
        <extracomment>grid_code_invalid.chars</extracomment>
        <translation>A grid code has digits only</translation>
    </message>
    <message>
        <source>网格编码应为15位或20位数字，当前为{length}位</source>
        <extracomment>grid_code_invalid.length</extracomment>
        <translation>A grid code has 15 or 20 digits; this one has {length}</translation>
    </message>
    <message>
        <source>坐标超出范围（{min} 至 {max}）</source>
        <extracomment>coordinate_invalid</extracomment>
        <translation>Coordinate out of range ({min} to {max})</translation>
    </message>
    <message>
        <source>应为文字</source>
        <extracomment>text_type</extracomment>
        <translation>Must be text</translation>
    </message>
    <message>
        <source>内容过长（最多 {max} 字）</source>
        <extracomment>text_too_long</extracomment>
        <translation>Too long (at most {max} characters)</translation>
    </message>
    <message>
        <source>含有空字符（NUL），请删除后重新输入</source>
        <extracomment>text_nul</extracomment>
        <translation>Contains a NUL character: delete it and type again</translation>
    </message>
    <message>
        <source>含有不可见的控制字符（{char}），请删除后重新输入</source>
        <extracomment>text_control_char</extracomment>
        <translation>Contains an invisible control character ({char}): delete it and type again</translation>
    </message>
    <message>
        <source>含有无法保存的字符（不成对的代理项），请删除后重新输入</source>
        <extracomment>text_surrogate</extracomment>
        <translation>Contains a character that cannot be saved (an unpaired surrogate): delete it and type again</translation>
    </message>
    <message>
        <source>应为数字</source>
        <extracomment>number_type</extracomment>
        <translation>Must be a number</translation>
    </message>
    <message>
        <source>不是有效的数字</source>
        <extracomment>number_not_finite</extracomment>
        <translation>Not a valid number</translation>
    </message>
    <message>
        <source>数值超出范围（{min} 至 {max}）</source>
        <extracomment>number_out_of_range</extracomment>
        <translation>Number out of range ({min} to {max})</translation>
    </message>
    <message>
        <source>应为日期</source>
        <extracomment>date_type</extracomment>
        <translation>Must be a date</translation>
    </message>
    <message>
        <source>日期格式应为 YYYY-MM-DD</source>
        <extracomment>date_invalid</extracomment>
        <translation>Dates are written YYYY-MM-DD</translation>
    </message>
    <message>
        <source>日期应写作 YYYY-MM-DD（如 2026-03-05）</source>
        <extracomment>date_not_normal</extracomment>
        <translation>Write the date as YYYY-MM-DD (e.g. 2026-03-05)</translation>
    </message>
    <message>
        <source>日期应在 {min} 至 {max} 之间</source>
        <extracomment>date_out_of_range</extracomment>
        <translation>The date must be between {min} and {max}</translation>
    </message>
    <message>
        <source>应为时间</source>
        <extracomment>timestamp_type</extracomment>
        <translation>Must be a time</translation>
    </message>
    <message>
        <source>时间格式不正确</source>
        <extracomment>timestamp_invalid</extracomment>
        <translation>Invalid time</translation>
    </message>
    <message>
        <source>时间缺少时区</source>
        <extracomment>timestamp_naive</extracomment>
        <translation>The time has no time zone</translation>
    </message>
    <message>
        <source>时间应在 {min_date} 至 {max_date} 之间</source>
        <extracomment>timestamp_out_of_range</extracomment>
        <translation>The time must be between {min_date} and {max_date}</translation>
    </message>
    <message>
        <source>时间晚于当前时间（允许的时钟误差为 {skew_minutes} 分钟），请检查本机时钟</source>
        <extracomment>timestamp_in_future</extracomment>
        <translation>The time is later than now (allowing {skew_minutes} minutes of clock difference): check this computer&apos;s clock</translation>
    </message>
    <message>
        <source>含有无效的数字（NaN 或 Infinity）</source>
        <extracomment>json_non_finite</extracomment>
        <translation>Contains an invalid number (NaN or Infinity)</translation>
    </message>
    <message>
        <source>数据嵌套过深</source>
        <extracomment>json_too_deep</extracomment>
        <translation>The data is nested too deeply</translation>
    </message>
    <message>
        <source>数据过大</source>
        <extracomment>json_too_large</extracomment>
        <translation>The data is too large</translation>
    </message>
    <message>
        <source>数据类型无效</source>
        <extracomment>json_type</extracomment>
        <translation>Invalid data type</translation>
    </message>
    <message>
        <source>标识符格式不正确</source>
        <extracomment>uuid_invalid</extracomment>
        <translation>Invalid identifier</translation>
    </message>
    <message>
        <source>不是可选的值（代码未定义）</source>
        <extracomment>code_unknown</extracomment>
        <translation>Not one of the choices (unknown code)</translation>
    </message>
    <message>
        <source>不能为空</source>
        <extracomment>value_required</extracomment>
        <translation>Required</translation>
    </message>
    <message>
        <source>身份证号码应为18位标准写法（15位旧号码需先升级，字母X大写）</source>
        <extracomment>id_not_normal</extracomment>
        <translation>The ID number must be in the standard 18-character form (upgrade old 15-digit numbers first; capital X)</translation>
    </message>
    <message>
        <source>电话号码应为标准写法（去掉空格和多余符号）</source>
        <extracomment>phone_not_normal</extracomment>
        <translation>The phone number must be in standard form (no spaces or extra symbols)</translation>
    </message>
    <message>
        <source>网格编码应为标准写法（半角数字，不含空格）</source>
        <extracomment>grid_code_not_normal</extracomment>
        <translation>The grid code must be in standard form (ASCII digits, no spaces)</translation>
    </message>
    <message>
        <source>应为一组代码</source>
        <extracomment>set_type</extracomment>
        <translation>Must be a set of codes</translation>
    </message>
    <message>
        <source>选项过多（最多 {max} 项）</source>
        <extracomment>set_too_large</extracomment>
        <translation>Too many choices (at most {max})</translation>
    </message>
    <message>
        <source>含有重复的选项</source>
        <extracomment>set_duplicate</extracomment>
        <translation>Contains a choice twice</translation>
    </message>
    <message>
        <source>照片标识不正确</source>
        <extracomment>sha256_invalid</extracomment>
        <translation>Invalid photo identifier</translation>
    </message>
    <message>
        <source>发现事项格式不正确</source>
        <extracomment>findings_invalid</extracomment>
        <translation>Invalid findings</translation>
    </message>
    <message>
        <source>更正内容格式不正确（只能更正可更正的走访项目）</source>
        <extracomment>changes_invalid</extracomment>
        <translation>Invalid corrections (only correctable visit items can be corrected)</translation>
    </message>
    <message>
        <source>没有这一项</source>
        <extracomment>field_unknown</extracomment>
        <translation>No such field</translation>
    </message>
    <message>
        <source>应为“是”或“否”</source>
        <extracomment>bool_type</extracomment>
        <translation>Must be yes or no</translation>
    </message>
    <message>
        <source>无效的选项：{value}</source>
        <extracomment>invalid_choice</extracomment>
        <translation>Not a valid choice: {value}</translation>
    </message>
    <message>
        <source>这类冲突只能选择：{choices}</source>
        <extracomment>invalid_choice.conflict_kind</extracomment>
        <translation>A conflict of this kind can only be resolved with: {choices}</translation>
    </message>
    <message>
        <source>请填写姓名</source>
        <extracomment>name_required</extracomment>
        <translation>Please enter the name</translation>
    </message>
    <message>
        <source>姓名过长（最多 {max} 个字）</source>
        <extracomment>name_too_long</extracomment>
        <translation>The name is too long (at most {max} characters)</translation>
    </message>
    <message>
        <source>出生日期格式应为 YYYY-MM-DD</source>
        <extracomment>birth_date_invalid</extracomment>
        <translation>Birth date must be YYYY-MM-DD</translation>
    </message>
    <message>
        <source>出生日期不能晚于今天</source>
        <extracomment>birth_date_future</extracomment>
        <translation>Birth date cannot be in the future</translation>
    </message>
    <message>
        <source>性别与身份证号码不符（号码显示为{sex}）</source>
        <extracomment>sex_mismatch</extracomment>
        <translation>The sex does not match the ID number (the number says {sex})</translation>
    </message>
    <message>
        <source>请至少填写组别、门牌号或详细地址中的一项</source>
        <extracomment>address_required</extracomment>
        <translation>Fill in at least one of group, door number or address details</translation>
    </message>
    <message>
        <source>请填写走访情况摘要</source>
        <extracomment>summary_required</extracomment>
        <translation>Please fill in the visit summary</translation>
    </message>
    <message>
        <source>摘要过长（最多 {max} 字）</source>
        <extracomment>summary_too_long</extracomment>
        <translation>The summary is too long (at most {max} characters)</translation>
    </message>
    <message>
        <source>走访时间不能晚于当前时间</source>
        <extracomment>visit_in_future</extracomment>
        <translation>The visit time cannot be later than now</translation>
    </message>
    <message>
        <source>结束时间不能早于开始时间</source>
        <extracomment>visit_end_before_start</extracomment>
        <translation>The end time cannot be before the start time</translation>
    </message>
    <message>
        <source>跟进日期不能早于走访日期</source>
        <extracomment>follow_up_in_past</extracomment>
        <translation>The follow-up date cannot be before the visit date</translation>
    </message>
    <message>
        <source>发现事项类型无效</source>
        <extracomment>finding_invalid</extracomment>
        <translation>Invalid kind of finding</translation>
    </message>
    <message>
        <source>每次走访最多附 {max} 张照片</source>
        <extracomment>too_many_photos</extracomment>
        <translation>A visit can have at most {max} photos</translation>
    </message>
    <message>
        <source>请说明原因</source>
        <extracomment>reason_required</extracomment>
        <translation>Please give a reason</translation>
    </message>
    <message>
        <source>请说明更正原因</source>
        <extracomment>reason_required.amend</extracomment>
        <translation>Please give the reason for the correction</translation>
    </message>
    <message>
        <source>请说明删除原因</source>
        <extracomment>reason_required.delete</extracomment>
        <translation>Please give the reason for deleting</translation>
    </message>
    <message>
        <source>查看完整信息需要说明理由（将记入审计日志）</source>
        <extracomment>reason_required.reveal</extracomment>
        <translation>Seeing the full value needs a reason (it is written to the audit log)</translation>
    </message>
    <message>
        <source>没有需要更正的内容</source>
        <extracomment>nothing_to_amend</extracomment>
        <translation>Nothing to correct</translation>
    </message>
    <message>
        <source>请填写网格名称</source>
        <extracomment>name_required.grid</extracomment>
        <translation>Please enter the grid name</translation>
    </message>
    <message>
        <source>户主须是本户的在册居民</source>
        <extracomment>head_not_member</extracomment>
        <translation>The head must be a registered resident of this household</translation>
    </message>
    <message>
        <source>该身份证号码已登记在册，请先搜索核对，避免重复登记</source>
        <extracomment>id_duplicate</extracomment>
        <translation>This ID number is already registered: search for it first to avoid a duplicate</translation>
    </message>
    <message>
        <source>请填写用户名和密码</source>
        <extracomment>credentials_required</extracomment>
        <translation>Please enter the user name and password</translation>
    </message>
    <message>
        <source>服务器地址无效：{detail}</source>
        <extracomment>server_url</extracomment>
        <translation>Invalid server address: {detail}</translation>
    </message>
    <message>
        <source>这条修改已保留过副本</source>
        <extracomment>already_kept</extracomment>
        <translation>A copy of this change has already been kept</translation>
    </message>
    <message>
        <source>该冲突已决定，正在等待同步</source>
        <extracomment>conflict_not_open</extracomment>
        <translation>This conflict is already decided and waiting to sync</translation>
    </message>
    <message>
        <source>该冲突已处理</source>
        <extracomment>conflict_not_open.resolved</extracomment>
        <translation>This conflict is already resolved</translation>
    </message>
    <message>
        <source>找不到这条记录</source>
        <extracomment>not_found</extracomment>
        <translation>Record not found</translation>
    </message>
    <message>
        <source>找不到该户，可能已被移出本网格</source>
        <extracomment>not_found.household</extracomment>
        <translation>Household not found; it may have been moved out of this grid</translation>
    </message>
    <message>
        <source>找不到该居民</source>
        <extracomment>not_found.resident</extracomment>
        <translation>Resident not found</translation>
    </message>
    <message>
        <source>找不到该走访记录</source>
        <extracomment>not_found.visit</extracomment>
        <translation>Visit not found</translation>
    </message>
    <message>
        <source>找不到该网格</source>
        <extracomment>not_found.grid</extracomment>
        <translation>Grid not found</translation>
    </message>
    <message>
        <source>找不到该冲突记录</source>
        <extracomment>not_found.conflict</extracomment>
        <translation>Conflict not found</translation>
    </message>
    <message>
        <source>找不到这条被拒绝的修改（可能已经处理过）</source>
        <extracomment>not_found.rejection</extracomment>
        <translation>Refused change not found (it may have been handled already)</translation>
    </message>
    <message>
        <source>服务器上没有这张照片，或您无权查看</source>
        <extracomment>not_found.photo</extracomment>
        <translation>The server has no such photo, or you may not see it</translation>
    </message>
    <message>
        <source>本机已没有这条记录，无法按此方式处理</source>
        <extracomment>not_found.local_row</extracomment>
        <translation>This record is no longer on this computer, so it cannot be resolved this way</translation>
    </message>
    <message>
        <source>没有权限做这项操作</source>
        <extracomment>permission_denied</extracomment>
        <translation>You are not allowed to do this</translation>
    </message>
    <message>
        <source>该字段不可查看明文：{name}</source>
        <extracomment>permission_denied.reveal</extracomment>
        <translation>This field cannot be shown in full: {name}</translation>
    </message>
    <message>
        <source>这类记录不能删除</source>
        <extracomment>not_deletable</extracomment>
        <translation>Records of this kind cannot be deleted</translation>
    </message>
    <message>
        <source>该字段不能在本机修改</source>
        <extracomment>not_editable</extracomment>
        <translation>This field cannot be changed on this computer</translation>
    </message>
    <message>
        <source>新值不符合要求：{detail}</source>
        <extracomment>conflict_value_invalid</extracomment>
        <translation>The new value is not valid: {detail}</translation>
    </message>
    <message>
        <source>该工作区已有数据，演示数据只能载入空工作区</source>
        <extracomment>not_empty</extracomment>
        <translation>This workspace already has data; demo data loads only into an empty workspace</translation>
    </message>
    <message>
        <source>磁盘空间不足，本次修改未能保存（之前保存的数据不受影响）。请清理磁盘后重试。</source>
        <extracomment>disk_full</extracomment>
        <translation>The disk is full and this change was not saved (everything saved before is intact). Free some disk space and try again.</translation>
    </message>
    <message>
        <source>不是可识别的图片文件，请选择 JPEG、PNG、WebP、BMP、GIF 或 TIFF 格式的照片</source>
        <extracomment>photo_not_image</extracomment>
        <translation>Not a recognised image file: choose a JPEG, PNG, WebP, BMP, GIF or TIFF photo</translation>
    </message>
    <message>
        <source>图片文件不完整（可能传输中断），请重新拷贝或重新拍摄后再添加</source>
        <extracomment>photo_truncated</extracomment>
        <translation>The image file is incomplete (the copy may have been interrupted): copy or take it again, then add it</translation>
    </message>
    <message>
        <source>图片无法读取（文件可能已损坏），请换一张照片</source>
        <extracomment>photo_unreadable</extracomment>
        <translation>The image cannot be read (the file may be damaged): choose another photo</translation>
    </message>
    <message>
        <source>图片尺寸过大，超过 {max_megapixels} 万像素上限，请缩小后再添加</source>
        <extracomment>photo_too_large</extracomment>
        <translation>The image is too large (over {max_megapixels}0,000 pixels): make it smaller, then add it</translation>
    </message>
    <message>
        <source>图片尺寸过大（{width}×{height} 像素），超过 {max_megapixels} 万像素上限，请缩小后再添加</source>
        <extracomment>photo_too_large.size</extracomment>
        <translation>The image is too large ({width}×{height} pixels, over {max_megapixels}0,000): make it smaller, then add it</translation>
    </message>
    <message>
        <source>找不到照片文件“{name}”，请确认文件仍在原位置（U 盘或手机是否已拔出）</source>
        <extracomment>photo_missing</extracomment>
        <translation>Photo file &quot;{name}&quot; not found: check it is still there (was the USB stick or phone unplugged?)</translation>
    </message>
    <message>
        <source>照片文件过大（{mb} MB），超过 {max_mb} MB 上限，请换一张或先压缩</source>
        <extracomment>photo_file_too_big</extracomment>
        <translation>The photo file is too large ({mb} MB, over {max_mb} MB): choose another or compress it first</translation>
    </message>
    <message>
        <source>本工作区里已有编码为 {grid_code} 的本地网格，与服务器上的网格冲突，无法合并。请换一个数据目录（--data-dir）重新登录同步。</source>
        <extracomment>grid_code_clash</extracomment>
        <translation>This workspace already has a local grid with code {grid_code}, which clashes with the server&apos;s grid and cannot be merged. Sign in and sync with another data directory (--data-dir).</translation>
    </message>
    <message>
        <source>服务器拒绝了请求（{code}）</source>
        <extracomment>server_refused</extracomment>
        <translation>The server refused the request ({code})</translation>
    </message>
    <message>
        <source>无法连接到服务器：请检查网络连接后再试。本机数据都已保存，联网后同步即可。</source>
        <extracomment>offline</extracomment>
        <translation>Cannot reach the server: check the network connection and try again. Everything is saved on this computer; sync once you are online.</translation>
    </message>
    <message>
        <source>用户名或密码不正确。连续输错 5 次账号将被锁定 15 分钟。</source>
        <extracomment>bad_credentials</extracomment>
        <translation>Wrong user name or password. After 5 wrong tries in a row the account is locked for 15 minutes.</translation>
    </message>
    <message>
        <source>账号因多次输错密码已被锁定，请约 {minutes} 分钟后再试，或联系网格管理中心。</source>
        <extracomment>account_locked</extracomment>
        <translation>The account is locked after too many wrong passwords: try again in about {minutes} minutes, or contact the grid management centre.</translation>
    </message>
    <message>
        <source>此账号已被停用，请联系管理员。</source>
        <extracomment>account_disabled</extracomment>
        <translation>This account has been disabled: contact the administrator.</translation>
    </message>
    <message>
        <source>尚未登录：请先运行“gridworker login”登录后再同步。</source>
        <extracomment>not_signed_in</extracomment>
        <translation>Not signed in: run &quot;gridworker login&quot; first, then sync.</translation>
    </message>
    <message>
        <source>登录已过期，请重新登录。</source>
        <extracomment>token_expired, refresh_invalid, unauthenticated</extracomment>
        <translation>The session has expired: please sign in again.</translation>
    </message>
    <message>
        <source>服务器已升级，当前版本的 gridworker 无法与其同步：请更新应用。</source>
        <extracomment>protocol_unsupported</extracomment>
        <translation>The server has been upgraded and this version of gridworker cannot sync with it: please update the app.</translation>
    </message>
    <message>
        <source>服务器的回复无法识别，本次同步未写入任何数据。请稍后再试；如果反复出现，请联系技术支持。</source>
        <extracomment>malformed_response</extracomment>
        <translation>The server&apos;s answer could not be read; this sync wrote nothing. Try again later; if it keeps happening, contact support.</translation>
    </message>
    <message>
        <source>同步已取消。已完成的部分已保存，下次同步会从中断处继续。</source>
        <extracomment>cancelled</extracomment>
        <translation>Sync cancelled. What was finished is saved; the next sync continues from there.</translation>
    </message>
    <message>
        <source>这个工作区已与账号“{bound_user}”（服务器 {bound_server}）同步过数据，不能改用账号“{user}”（服务器 {server}）。请为新账号使用另一个数据目录（--data-dir），以免不同账号的数据混在一起。</source>
        <extracomment>account_mismatch</extracomment>
        <translation>This workspace has synced data as account &quot;{bound_user}&quot; (server {bound_server}) and cannot switch to account &quot;{user}&quot; (server {server}). Use another data directory (--data-dir) for the new account, so the accounts&apos; data never mix.</translation>
    </message>
    <message>
        <source>同一项被您和平台同时修改</source>
        <extracomment>conflict_kind.field</extracomment>
        <translation>You and the centre both changed the same field</translation>
    </message>
    <message>
        <source>您修改的记录已在平台上被删除</source>
        <extracomment>conflict_kind.update_vs_delete</extracomment>
        <translation>The record you changed was deleted at the centre</translation>
    </message>
    <message>
        <source>您删除的记录已在平台上被修改</source>
        <extracomment>conflict_kind.delete_vs_update</extracomment>
        <translation>The record you deleted was changed at the centre</translation>
    </message>
    <message>
        <source>待处理</source>
        <extracomment>conflict_state.open</extracomment>
        <translation>Open</translation>
    </message>
    <message>
        <source>已决定，待同步</source>
        <extracomment>conflict_state.resolving</extracomment>
        <translation>Decided, waiting to sync</translation>
    </message>
    <message>
        <source>已解决</source>
        <extracomment>conflict_state.resolved</extracomment>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>采用我的值</source>
        <extracomment>conflict_choice.mine</extracomment>
        <translation>Use mine</translation>
    </message>
    <message>
        <source>采用平台的值</source>
        <extracomment>conflict_choice.theirs</extracomment>
        <translation>Use theirs</translation>
    </message>
    <message>
        <source>填写新值</source>
        <extracomment>conflict_choice.new</extracomment>
        <translation>New value</translation>
    </message>
    <message>
        <source>保留这条记录</source>
        <extracomment>conflict_choice.keep</extracomment>
        <translation>Keep this record</translation>
    </message>
    <message>
        <source>同意删除</source>
        <extracomment>conflict_choice.accept_delete</extracomment>
        <translation>Accept deletion</translation>
    </message>
    <message>
        <source>{where}的“{field}”：原为 {base}，您改为 {mine}，平台上已改为 {theirs}</source>
        <extracomment>conflict_field_summary</extracomment>
        <translation>{where}, &quot;{field}&quot;: was {base}, you changed it to {mine}, the centre changed it to {theirs}</translation>
    </message>
    <message>
        <source>{where}：{kind}</source>
        <extracomment>conflict_row_summary</extracomment>
        <translation>{where}: {kind}</translation>
    </message>
    <message>
        <source>（{state}：{choice}）</source>
        <extracomment>conflict_decided</extracomment>
        <translation> ({state}: {choice})</translation>
    </message>
    <message>
        <source>（平台上已删除这条记录）</source>
        <extracomment>conflict_deleted_there</extracomment>
        <translation>(deleted at the centre)</translation>
    </message>
    <message>
        <source>（您删除了这条记录）</source>
        <extracomment>conflict_deleted_here</extracomment>
        <translation>(you deleted this record)</translation>
    </message>
    <message>
        <source>{entity}“{row}”</source>
        <extracomment>row_where</extracomment>
        <translation>{entity} &quot;{row}&quot;</translation>
    </message>
    <message>
        <source>（空）</source>
        <extracomment>value.empty</extracomment>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>是</source>
        <extracomment>value.yes</extracomment>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <extracomment>value.no</extracomment>
        <translation>No</translation>
    </message>
    <message>
        <source>（敏感信息，不显示）</source>
        <extracomment>value.hidden</extracomment>
        <translation>(sensitive, not shown)</translation>
    </message>
    <message>
        <source>{label}：{value}</source>
        <extracomment>value.pair</extracomment>
        <translation>{label}: {value}</translation>
    </message>
    <message>
        <source>、</source>
        <extracomment>value.list_separator</extracomment>
        <translation>, </translation>
    </message>
    <message>
        <source>（本机已无此户）</source>
        <extracomment>row.no_household</extracomment>
        <translation>(household no longer on this computer)</translation>
    </message>
    <message>
        <source>（无门牌）</source>
        <extracomment>row.no_door</extracomment>
        <translation>(no door number)</translation>
    </message>
    <message>
        <source>（本机已无此网格）</source>
        <extracomment>row.no_grid</extracomment>
        <translation>(grid no longer on this computer)</translation>
    </message>
    <message>
        <source>（本机已无此居民）</source>
        <extracomment>row.no_resident</extracomment>
        <translation>(resident no longer on this computer)</translation>
    </message>
    <message>
        <source>（本机已无此走访记录）</source>
        <extracomment>row.no_visit</extracomment>
        <translation>(visit no longer on this computer)</translation>
    </message>
    <message>
        <source>（本机已无此更正）</source>
        <extracomment>row.no_amendment</extracomment>
        <translation>(correction no longer on this computer)</translation>
    </message>
    <message>
        <source>{name}（{address}）</source>
        <extracomment>row.resident</extracomment>
        <translation>{name} ({address})</translation>
    </message>
    <message>
        <source>{date} 的走访（{address}）</source>
        <extracomment>row.visit</extracomment>
        <translation>Visit of {date} ({address})</translation>
    </message>
    <message>
        <source>走访更正：{visit}</source>
        <extracomment>row.amendment</extracomment>
        <translation>Correction: {visit}</translation>
    </message>
    <message>
        <source>新建</source>
        <extracomment>op.create</extracomment>
        <translation>new record</translation>
    </message>
    <message>
        <source>修改</source>
        <extracomment>op.update</extracomment>
        <translation>change</translation>
    </message>
    <message>
        <source>删除</source>
        <extracomment>op.delete</extracomment>
        <translation>deletion</translation>
    </message>
    <message>
        <source>恢复</source>
        <extracomment>op.restore</extracomment>
        <translation>restore</translation>
    </message>
    <message>
        <source>这条记录已不在您的网格，平台不再接受您对它的修改</source>
        <extracomment>refused.out_of_scope</extracomment>
        <translation>This record is no longer in your grid; the centre no longer accepts your changes to it</translation>
    </message>
    <message>
        <source>这户已不在您的网格，平台不再接受您对它的修改</source>
        <extracomment>refused.out_of_scope.household</extracomment>
        <translation>This household is no longer in your grid; the centre no longer accepts your changes to it</translation>
    </message>
    <message>
        <source>这位居民所在的户已不在您的网格，平台不再接受您对它的修改</source>
        <extracomment>refused.out_of_scope.resident</extracomment>
        <translation>This resident&apos;s household is no longer in your grid; the centre no longer accepts your changes to it</translation>
    </message>
    <message>
        <source>这次走访所在的户已不在您的网格，平台不再接受您对它的修改</source>
        <extracomment>refused.out_of_scope.visit</extracomment>
        <translation>This visit&apos;s household is no longer in your grid; the centre no longer accepts your changes to it</translation>
    </message>
    <message>
        <source>这条走访记录所在的户已不在您的网格，平台不再接受您对它的修改</source>
        <extracomment>refused.out_of_scope.visit_amendment</extracomment>
        <translation>The visit&apos;s household is no longer in your grid; the centre no longer accepts your changes to it</translation>
    </message>
    <message>
        <source>这个网格已不在您的网格，平台不再接受您对它的修改</source>
        <extracomment>refused.out_of_scope.grid</extracomment>
        <translation>This grid is no longer yours; the centre no longer accepts your changes to it</translation>
    </message>
    <message>
        <source>您的账号没有做这项修改的权限</source>
        <extracomment>refused.forbidden</extracomment>
        <translation>Your account may not make this change</translation>
    </message>
    <message>
        <source>平台上没有这条记录（可能已被删除，或从未上传到平台）</source>
        <extracomment>refused.not_found</extracomment>
        <translation>The centre has no such record (it may have been deleted, or never uploaded)</translation>
    </message>
    <message>
        <source>平台上已有这条记录，不能重复新建</source>
        <extracomment>refused.already_exists</extracomment>
        <translation>The centre already has this record; it cannot be created twice</translation>
    </message>
    <message>
        <source>走访记录上传后不能再改，只能另写一条更正</source>
        <extracomment>refused.append_only</extracomment>
        <translation>A visit cannot be changed once uploaded; write a correction instead</translation>
    </message>
    <message>
        <source>它所属的户或记录在平台上已不存在</source>
        <extracomment>refused.parent_missing</extracomment>
        <translation>The household or record it belongs to no longer exists at the centre</translation>
    </message>
    <message>
        <source>这条记录下还有其他记录，不能删除</source>
        <extracomment>refused.has_children</extracomment>
        <translation>Other records belong to this one, so it cannot be deleted</translation>
    </message>
    <message>
        <source>平台认为填写的内容不符合要求</source>
        <extracomment>refused.invalid</extracomment>
        <translation>The centre found the entered data invalid</translation>
    </message>
    <message>
        <source>平台认为“{field}”不符合要求：{why}</source>
        <extracomment>refused.invalid_field</extracomment>
        <translation>The centre did not accept {field}: {why}</translation>
    </message>
    <message>
        <source>平台无法识别这条修改</source>
        <extracomment>refused.bad_request</extracomment>
        <translation>The centre could not read this change</translation>
    </message>
    <message>
        <source>内容太大，平台无法接收</source>
        <extracomment>refused.too_large</extracomment>
        <translation>Too large for the centre to accept</translation>
    </message>
    <message>
        <source>平台拒绝了这条修改</source>
        <extracomment>refused.other</extracomment>
        <translation>The centre refused this change</translation>
    </message>
    <message>
        <source>{plain}。（平台说明：{message}；代码 {code}）</source>
        <extracomment>refused.sentence</extracomment>
        <translation>{plain}. (Code {code})</translation>
    </message>
    <message>
        <source>{plain}。（平台说明：{message}{code}）</source>
        <extracomment>refused.sentence_one</extracomment>
        <translation>{plain}. ({code})</translation>
    </message>
    <message>
        <source>{plain}。</source>
        <extracomment>refused.sentence_plain</extracomment>
        <translation>{plain}.</translation>
    </message>
</context>
<context>
    <name>vocab</name>
    <message>
        <source>男</source>
        <comment>Sex</comment>
        <extracomment>Sex.MALE</extracomment>
        <translation>Male</translation>
    </message>
    <message>
        <source>女</source>
        <comment>Sex</comment>
        <extracomment>Sex.FEMALE</extracomment>
        <translation>Female</translation>
    </message>
    <message>
        <source>未知</source>
        <comment>Sex</comment>
        <extracomment>Sex.UNKNOWN</extracomment>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>户主</source>
        <comment>Relation</comment>
        <extracomment>Relation.HEAD</extracomment>
        <translation>Head</translation>
    </message>
    <message>
        <source>配偶</source>
        <comment>Relation</comment>
        <extracomment>Relation.SPOUSE</extracomment>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>子</source>
        <comment>Relation</comment>
        <extracomment>Relation.SON</extracomment>
        <translation>Son</translation>
    </message>
    <message>
        <source>女</source>
        <comment>Relation</comment>
        <extracomment>Relation.DAUGHTER</extracomment>
        <translation>Daughter</translation>
    </message>
    <message>
        <source>父母</source>
        <comment>Relation</comment>
        <extracomment>Relation.PARENT</extracomment>
        <translation>Parent</translation>
    </message>
    <message>
        <source>兄弟姐妹</source>
        <comment>Relation</comment>
        <extracomment>Relation.SIBLING</extracomment>
        <translation>Sibling</translation>
    </message>
    <message>
        <source>孙子女</source>
        <comment>Relation</comment>
        <extracomment>Relation.GRANDCHILD</extracomment>
        <translation>Grandchild</translation>
    </message>
    <message>
        <source>其他</source>
        <comment>Relation</comment>
        <extracomment>Relation.OTHER</extracomment>
        <translation>Other</translation>
    </message>
    <message>
        <source>户籍人口</source>
        <comment>PopulationType</comment>
        <extracomment>PopulationType.REGISTERED</extracomment>
        <translation>Registered resident</translation>
    </message>
    <message>
        <source>流动人口</source>
        <comment>PopulationType</comment>
        <extracomment>PopulationType.MIGRANT</extracomment>
        <translation>Migrant</translation>
    </message>
    <message>
        <source>境外人员</source>
        <comment>PopulationType</comment>
        <extracomment>PopulationType.FOREIGNER</extracomment>
        <translation>Foreigner</translation>
    </message>
    <message>
        <source>未落户人员</source>
        <comment>PopulationType</comment>
        <extracomment>PopulationType.UNREGISTERED</extracomment>
        <translation>Unregistered</translation>
    </message>
    <message>
        <source>人户一致</source>
        <comment>ResidenceStatus</comment>
        <extracomment>ResidenceStatus.CONSISTENT</extracomment>
        <translation>Lives at registered address</translation>
    </message>
    <message>
        <source>人在户不在</source>
        <comment>ResidenceStatus</comment>
        <extracomment>ResidenceStatus.HUKOU_AWAY</extracomment>
        <translation>Hukou elsewhere</translation>
    </message>
    <message>
        <source>户在人不在</source>
        <comment>ResidenceStatus</comment>
        <extracomment>ResidenceStatus.PERSON_AWAY</extracomment>
        <translation>Lives elsewhere</translation>
    </message>
    <message>
        <source>独居老人</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.ELDERLY_ALONE</extracomment>
        <translation>Elderly alone</translation>
    </message>
    <message>
        <source>失能老人</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.INCAPACITATED</extracomment>
        <translation>Incapacitated</translation>
    </message>
    <message>
        <source>空巢老人</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.EMPTY_NEST</extracomment>
        <translation>Empty-nester</translation>
    </message>
    <message>
        <source>留守儿童</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.LEFT_BEHIND_CHILD</extracomment>
        <translation>Left-behind child</translation>
    </message>
    <message>
        <source>留守老人</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.LEFT_BEHIND_ELDERLY</extracomment>
        <translation>Left-behind elder</translation>
    </message>
    <message>
        <source>留守妇女</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.LEFT_BEHIND_WOMAN</extracomment>
        <translation>Left-behind woman</translation>
    </message>
    <message>
        <source>残疾人</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.DISABLED</extracomment>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>低保</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.MINIMUM_ALLOWANCE</extracomment>
        <translation>Minimum living allowance</translation>
    </message>
    <message>
        <source>特困</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.EXTREME_POVERTY</extracomment>
        <translation>Extreme poverty</translation>
    </message>
    <message>
        <source>优抚对象</source>
        <comment>CareCategory</comment>
        <extracomment>CareCategory.ENTITLED</extracomment>
        <translation>Veteran benefits</translation>
    </message>
    <message>
        <source>社区矫正</source>
        <comment>ManagementCategory</comment>
        <extracomment>ManagementCategory.COMMUNITY_CORRECTION</extracomment>
        <translation>Community correction</translation>
    </message>
    <message>
        <source>刑满释放</source>
        <comment>ManagementCategory</comment>
        <extracomment>ManagementCategory.RELEASED_PRISONER</extracomment>
        <translation>Released prisoner</translation>
    </message>
    <message>
        <source>严重精神障碍</source>
        <comment>ManagementCategory</comment>
        <extracomment>ManagementCategory.SEVERE_MENTAL_DISORDER</extracomment>
        <translation>Severe mental disorder</translation>
    </message>
    <message>
        <source>吸毒</source>
        <comment>ManagementCategory</comment>
        <extracomment>ManagementCategory.DRUG_USER</extracomment>
        <translation>Drug user</translation>
    </message>
    <message>
        <source>信访重点</source>
        <comment>ManagementCategory</comment>
        <extracomment>ManagementCategory.PETITION_FOCUS</extracomment>
        <translation>Petition focus</translation>
    </message>
    <message>
        <source>在册</source>
        <comment>ResidentStatus</comment>
        <extracomment>ResidentStatus.ACTIVE</extracomment>
        <translation>Active</translation>
    </message>
    <message>
        <source>迁出</source>
        <comment>ResidentStatus</comment>
        <extracomment>ResidentStatus.MOVED_OUT</extracomment>
        <translation>Moved out</translation>
    </message>
    <message>
        <source>死亡</source>
        <comment>ResidentStatus</comment>
        <extracomment>ResidentStatus.DECEASED</extracomment>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>自住</source>
        <comment>DwellingType</comment>
        <extracomment>DwellingType.OWNER_OCCUPIED</extracomment>
        <translation>Owner-occupied</translation>
    </message>
    <message>
        <source>出租</source>
        <comment>DwellingType</comment>
        <extracomment>DwellingType.RENTED</extracomment>
        <translation>Rented</translation>
    </message>
    <message>
        <source>自住+出租</source>
        <comment>DwellingType</comment>
        <extracomment>DwellingType.MIXED</extracomment>
        <translation>Owner-occupied + rented</translation>
    </message>
    <message>
        <source>空置</source>
        <comment>DwellingType</comment>
        <extracomment>DwellingType.VACANT</extracomment>
        <translation>Vacant</translation>
    </message>
    <message>
        <source>低保户</source>
        <comment>HouseholdTag</comment>
        <extracomment>HouseholdTag.MINIMUM_ALLOWANCE</extracomment>
        <translation>Minimum-allowance household</translation>
    </message>
    <message>
        <source>五保户</source>
        <comment>HouseholdTag</comment>
        <extracomment>HouseholdTag.FIVE_GUARANTEES</extracomment>
        <translation>Five-guarantees household</translation>
    </message>
    <message>
        <source>特困户</source>
        <comment>HouseholdTag</comment>
        <extracomment>HouseholdTag.EXTREME_POVERTY</extracomment>
        <translation>Extreme-poverty household</translation>
    </message>
    <message>
        <source>脱贫监测户</source>
        <comment>HouseholdTag</comment>
        <extracomment>HouseholdTag.POVERTY_MONITORING</extracomment>
        <translation>Poverty-monitoring household</translation>
    </message>
    <message>
        <source>在册</source>
        <comment>HouseholdStatus</comment>
        <extracomment>HouseholdStatus.ACTIVE</extracomment>
        <translation>Active</translation>
    </message>
    <message>
        <source>已迁出</source>
        <comment>HouseholdStatus</comment>
        <extracomment>HouseholdStatus.MOVED_OUT</extracomment>
        <translation>Moved out</translation>
    </message>
    <message>
        <source>已注销</source>
        <comment>HouseholdStatus</comment>
        <extracomment>HouseholdStatus.DISSOLVED</extracomment>
        <translation>Dissolved</translation>
    </message>
    <message>
        <source>常规走访</source>
        <comment>VisitType</comment>
        <extracomment>VisitType.ROUTINE</extracomment>
        <translation>Routine visit</translation>
    </message>
    <message>
        <source>重点走访</source>
        <comment>VisitType</comment>
        <extracomment>VisitType.FOCUS</extracomment>
        <translation>Focus visit</translation>
    </message>
    <message>
        <source>回访</source>
        <comment>VisitType</comment>
        <extracomment>VisitType.RETURN_VISIT</extracomment>
        <translation>Return visit</translation>
    </message>
    <message>
        <source>专项排查</source>
        <comment>VisitType</comment>
        <extracomment>VisitType.SPECIAL_SWEEP</extracomment>
        <translation>Special sweep</translation>
    </message>
    <message>
        <source>矛盾纠纷</source>
        <comment>FindingKind</comment>
        <extracomment>FindingKind.DISPUTE</extracomment>
        <translation>Dispute</translation>
    </message>
    <message>
        <source>群众诉求</source>
        <comment>FindingKind</comment>
        <extracomment>FindingKind.REQUEST</extracomment>
        <translation>Resident request</translation>
    </message>
    <message>
        <source>意见建议</source>
        <comment>FindingKind</comment>
        <extracomment>FindingKind.SUGGESTION</extracomment>
        <translation>Suggestion</translation>
    </message>
    <message>
        <source>治安隐患</source>
        <comment>FindingKind</comment>
        <extracomment>FindingKind.PUBLIC_ORDER_HAZARD</extracomment>
        <translation>Public-order hazard</translation>
    </message>
    <message>
        <source>消防隐患</source>
        <comment>FindingKind</comment>
        <extracomment>FindingKind.FIRE_HAZARD</extracomment>
        <translation>Fire hazard</translation>
    </message>
    <message>
        <source>环境卫生</source>
        <comment>FindingKind</comment>
        <extracomment>FindingKind.SANITATION</extracomment>
        <translation>Sanitation</translation>
    </message>
    <message>
        <source>网格员</source>
        <comment>Role</comment>
        <extracomment>Role.WORKER</extracomment>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>便民服务站工作人员</source>
        <comment>Role</comment>
        <extracomment>Role.STATION</extracomment>
        <translation>Service station staff</translation>
    </message>
    <message>
        <source>网格长/督导</source>
        <comment>Role</comment>
        <extracomment>Role.SUPERVISOR</extracomment>
        <translation>Grid leader / supervisor</translation>
    </message>
    <message>
        <source>网格管理中心</source>
        <comment>Role</comment>
        <extracomment>Role.CENTRE_ADMIN</extracomment>
        <translation>Grid management centre</translation>
    </message>
    <message>
        <source>已逾期</source>
        <comment>VisitDueState</comment>
        <extracomment>VisitDueState.OVERDUE</extracomment>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>即将到期</source>
        <comment>VisitDueState</comment>
        <extracomment>VisitDueState.DUE_SOON</extracomment>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>正常</source>
        <comment>VisitDueState</comment>
        <extracomment>VisitDueState.OK</extracomment>
        <translation>OK</translation>
    </message>
    <message>
        <source>汉族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.HAN</extracomment>
        <translation>Han</translation>
    </message>
    <message>
        <source>蒙古族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.MONGOL</extracomment>
        <translation>Mongol</translation>
    </message>
    <message>
        <source>回族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.HUI</extracomment>
        <translation>Hui</translation>
    </message>
    <message>
        <source>藏族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.TIBETAN</extracomment>
        <translation>Tibetan</translation>
    </message>
    <message>
        <source>维吾尔族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.UYGHUR</extracomment>
        <translation>Uyghur</translation>
    </message>
    <message>
        <source>苗族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.MIAO</extracomment>
        <translation>Miao</translation>
    </message>
    <message>
        <source>彝族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.YI</extracomment>
        <translation>Yi</translation>
    </message>
    <message>
        <source>壮族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.ZHUANG</extracomment>
        <translation>Zhuang</translation>
    </message>
    <message>
        <source>布依族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.BUYEI</extracomment>
        <translation>Bouyei</translation>
    </message>
    <message>
        <source>朝鲜族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.KOREAN</extracomment>
        <translation>Korean</translation>
    </message>
    <message>
        <source>满族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.MANCHU</extracomment>
        <translation>Manchu</translation>
    </message>
    <message>
        <source>侗族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.DONG</extracomment>
        <translation>Dong</translation>
    </message>
    <message>
        <source>瑶族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.YAO</extracomment>
        <translation>Yao</translation>
    </message>
    <message>
        <source>白族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.BAI</extracomment>
        <translation>Bai</translation>
    </message>
    <message>
        <source>土家族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.TUJIA</extracomment>
        <translation>Tujia</translation>
    </message>
    <message>
        <source>哈尼族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.HANI</extracomment>
        <translation>Hani</translation>
    </message>
    <message>
        <source>哈萨克族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.KAZAKH</extracomment>
        <translation>Kazakh</translation>
    </message>
    <message>
        <source>傣族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.DAI</extracomment>
        <translation>Dai</translation>
    </message>
    <message>
        <source>黎族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.LI</extracomment>
        <translation>Li</translation>
    </message>
    <message>
        <source>傈僳族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.LISU</extracomment>
        <translation>Lisu</translation>
    </message>
    <message>
        <source>佤族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.VA</extracomment>
        <translation>Va</translation>
    </message>
    <message>
        <source>畲族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.SHE</extracomment>
        <translation>She</translation>
    </message>
    <message>
        <source>高山族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.GAOSHAN</extracomment>
        <translation>Gaoshan</translation>
    </message>
    <message>
        <source>拉祜族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.LAHU</extracomment>
        <translation>Lahu</translation>
    </message>
    <message>
        <source>水族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.SUI</extracomment>
        <translation>Shui</translation>
    </message>
    <message>
        <source>东乡族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.DONGXIANG</extracomment>
        <translation>Dongxiang</translation>
    </message>
    <message>
        <source>纳西族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.NAXI</extracomment>
        <translation>Naxi</translation>
    </message>
    <message>
        <source>景颇族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.JINGPO</extracomment>
        <translation>Jingpo</translation>
    </message>
    <message>
        <source>柯尔克孜族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.KYRGYZ</extracomment>
        <translation>Kyrgyz</translation>
    </message>
    <message>
        <source>土族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.TU</extracomment>
        <translation>Tu</translation>
    </message>
    <message>
        <source>达斡尔族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.DAUR</extracomment>
        <translation>Daur</translation>
    </message>
    <message>
        <source>仫佬族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.MULAO</extracomment>
        <translation>Mulao</translation>
    </message>
    <message>
        <source>羌族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.QIANG</extracomment>
        <translation>Qiang</translation>
    </message>
    <message>
        <source>布朗族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.BLANG</extracomment>
        <translation>Blang</translation>
    </message>
    <message>
        <source>撒拉族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.SALAR</extracomment>
        <translation>Salar</translation>
    </message>
    <message>
        <source>毛南族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.MAONAN</extracomment>
        <translation>Maonan</translation>
    </message>
    <message>
        <source>仡佬族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.GELAO</extracomment>
        <translation>Gelao</translation>
    </message>
    <message>
        <source>锡伯族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.XIBE</extracomment>
        <translation>Xibe</translation>
    </message>
    <message>
        <source>阿昌族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.ACHANG</extracomment>
        <translation>Achang</translation>
    </message>
    <message>
        <source>普米族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.PUMI</extracomment>
        <translation>Pumi</translation>
    </message>
    <message>
        <source>塔吉克族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.TAJIK</extracomment>
        <translation>Tajik</translation>
    </message>
    <message>
        <source>怒族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.NU</extracomment>
        <translation>Nu</translation>
    </message>
    <message>
        <source>乌孜别克族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.UZBEK</extracomment>
        <translation>Uzbek</translation>
    </message>
    <message>
        <source>俄罗斯族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.RUSSIAN</extracomment>
        <translation>Russian</translation>
    </message>
    <message>
        <source>鄂温克族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.EVENKI</extracomment>
        <translation>Evenki</translation>
    </message>
    <message>
        <source>德昂族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.DEANG</extracomment>
        <translation>De&apos;ang</translation>
    </message>
    <message>
        <source>保安族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.BONAN</extracomment>
        <translation>Bonan</translation>
    </message>
    <message>
        <source>裕固族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.YUGUR</extracomment>
        <translation>Yugur</translation>
    </message>
    <message>
        <source>京族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.GIN</extracomment>
        <translation>Gin</translation>
    </message>
    <message>
        <source>塔塔尔族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.TATAR</extracomment>
        <translation>Tatar</translation>
    </message>
    <message>
        <source>独龙族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.DERUNG</extracomment>
        <translation>Derung</translation>
    </message>
    <message>
        <source>鄂伦春族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.OROQEN</extracomment>
        <translation>Oroqen</translation>
    </message>
    <message>
        <source>赫哲族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.HEZHEN</extracomment>
        <translation>Hezhen</translation>
    </message>
    <message>
        <source>门巴族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.MONBA</extracomment>
        <translation>Monba</translation>
    </message>
    <message>
        <source>珞巴族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.LHOBA</extracomment>
        <translation>Lhoba</translation>
    </message>
    <message>
        <source>基诺族</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.JINO</extracomment>
        <translation>Jino</translation>
    </message>
    <message>
        <source>其他</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.OTHER</extracomment>
        <translation>Other</translation>
    </message>
    <message>
        <source>外国血统中国籍人士</source>
        <comment>Ethnicity</comment>
        <extracomment>Ethnicity.FOREIGN_ORIGIN</extracomment>
        <translation>Chinese citizen of foreign origin</translation>
    </message>
    <message>
        <source>研究生</source>
        <comment>Education</comment>
        <extracomment>Education.POSTGRADUATE</extracomment>
        <translation>Postgraduate</translation>
    </message>
    <message>
        <source>大学本科</source>
        <comment>Education</comment>
        <extracomment>Education.BACHELOR</extracomment>
        <translation>Bachelor&apos;s degree</translation>
    </message>
    <message>
        <source>大学专科</source>
        <comment>Education</comment>
        <extracomment>Education.JUNIOR_COLLEGE</extracomment>
        <translation>College diploma</translation>
    </message>
    <message>
        <source>中专/职高/技校</source>
        <comment>Education</comment>
        <extracomment>Education.SECONDARY_VOCATIONAL</extracomment>
        <translation>Vocational secondary</translation>
    </message>
    <message>
        <source>高中</source>
        <comment>Education</comment>
        <extracomment>Education.SENIOR_HIGH</extracomment>
        <translation>Senior high school</translation>
    </message>
    <message>
        <source>初中</source>
        <comment>Education</comment>
        <extracomment>Education.JUNIOR_HIGH</extracomment>
        <translation>Junior high school</translation>
    </message>
    <message>
        <source>小学</source>
        <comment>Education</comment>
        <extracomment>Education.PRIMARY</extracomment>
        <translation>Primary school</translation>
    </message>
    <message>
        <source>其他（含未上过学）</source>
        <comment>Education</comment>
        <extracomment>Education.OTHER</extracomment>
        <translation>Other (incl. no schooling)</translation>
    </message>
</context>
</TS>
