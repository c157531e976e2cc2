import { Select } from 'antd';

/** A list page's multiple-choice filter: clearable, its tags collapsed to the width it is given. */
export function FilterSelect({
  width,
  ...props
}: {
  width: number;
  placeholder: string;
  value: string[] | undefined;
  onChange(v: string[]): void;
  options: { value: string; label: string }[];
  'data-testid'?: string;
}) {
  return <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width }} {...props} />;
}
