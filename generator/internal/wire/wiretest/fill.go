// Package wiretest helps test codecs written with package wire: a value
// whose every field is set, read back after a round trip, shows that no
// field was forgotten, even one added after the codec was written.
package wiretest

import (
	"fmt"
	"reflect"
	"time"
)

// Fill sets every exported field of *ptr, recursively, to a value that is
// not its zero, except the fields skip names (at any depth). Slices get
// two elements, pointers a new value, times a time in a fixed zone that
// is no real place's. It panics on a kind it has no value for: add one.
func Fill(ptr any, skip map[string]bool) {
	n := 0
	fill(reflect.ValueOf(ptr).Elem(), &n, skip)
}

func fill(v reflect.Value, n *int, skip map[string]bool) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d·é", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint8, reflect.Uint32:
		v.SetUint(uint64(*n % 200))
	case reflect.Uint64:
		v.SetUint(uint64(*n) << 40)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n, skip)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n, skip)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2020+*n%5, 3, 4, 5, 6, 7, *n, time.FixedZone("", 3*3600+17*60))))
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && !skip[f.Name] {
				fill(v.Field(i), n, skip)
			}
		}
	default:
		panic("wiretest.Fill: no value for a " + v.Kind().String())
	}
}
